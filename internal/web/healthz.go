package web

import (
	"context"
	"net/http"
	"time"

	"github.com/trellis-community/trellis/internal/httpx"
)

// healthz answers load balancers: 200 when the database answers, 503
// otherwise. It says nothing else about the instance.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Cache-Control", "no-store")
	if err := s.app.DB.Ping(ctx); err != nil {
		s.log.Warn("health check failed", "err", err)
		httpx.WriteJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable"})
		return
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}
