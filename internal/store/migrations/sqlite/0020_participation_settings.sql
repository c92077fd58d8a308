-- Participation: the settings every member's standing is derived with.
-- One row (id = 1): the window a member's current mode is read over and
-- the half-life of engagement, both in days. version guards against two
-- managers saving at once (an edit names the version it was made on).
CREATE TABLE participation_settings (
    id             INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    window_days    INTEGER NOT NULL CHECK (window_days BETWEEN 7 AND 730),
    half_life_days INTEGER NOT NULL CHECK (half_life_days BETWEEN 1 AND 730),
    version        BIGINT NOT NULL DEFAULT 1,
    updated_at     BIGINT NOT NULL DEFAULT 0
);
INSERT INTO participation_settings (id, window_days, half_life_days) VALUES (1, 90, 90);
