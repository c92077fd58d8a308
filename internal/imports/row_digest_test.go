package imports

import (
	"reflect"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/members"
)

// TestRowDigestCoversEveryField sets each value a Member can hold, one at
// a time, and checks the digest sees it: a field rowDigest left out
// would let a re-import count a changed row as unchanged.
func TestRowDigestCoversEveryField(t *testing.T) {
	base := rowDigest(members.Member{}, nil)
	if rowDigest(members.Member{}, []string{"name"}) == base {
		t.Error("the fields a row carries do not change its digest")
	}
	// set builds a Member with one value changed by fn.
	type setter func(fn func(reflect.Value)) members.Member
	leaf := func(path string, set setter, fn func(reflect.Value)) {
		t.Run(path, func(t *testing.T) {
			if rowDigest(set(fn), nil) == base {
				t.Errorf("rowDigest does not see %s", path)
			}
		})
	}
	var walk func(path string, typ reflect.Type, set setter)
	walk = func(path string, typ reflect.Type, set setter) {
		if typ == reflect.TypeFor[time.Time]() {
			leaf(path, set, func(v reflect.Value) { v.Set(reflect.ValueOf(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))) })
			return
		}
		switch typ.Kind() {
		case reflect.Struct:
			for i := range typ.NumField() {
				f := typ.Field(i)
				walk(path+"."+f.Name, f.Type, func(fn func(reflect.Value)) members.Member {
					return set(func(v reflect.Value) { fn(v.Field(i)) })
				})
			}
		case reflect.Pointer:
			elem := typ.Elem()
			leaf(path+"(zero)", set, func(v reflect.Value) { v.Set(reflect.New(elem)) })
			walk(path+"*", elem, func(fn func(reflect.Value)) members.Member {
				return set(func(v reflect.Value) {
					p := reflect.New(elem)
					fn(p.Elem())
					v.Set(p)
				})
			})
		case reflect.Slice:
			leaf(path+"[zero]", set, func(v reflect.Value) { v.Set(reflect.MakeSlice(typ, 1, 1)) })
			walk(path+"[0]", typ.Elem(), func(fn func(reflect.Value)) members.Member {
				return set(func(v reflect.Value) {
					s := reflect.MakeSlice(typ, 1, 1)
					fn(s.Index(0))
					v.Set(s)
				})
			})
		case reflect.Map:
			leaf(path+"[k]", set, func(v reflect.Value) {
				m := reflect.MakeMap(typ)
				m.SetMapIndex(reflect.ValueOf("k").Convert(typ.Key()), reflect.Zero(typ.Elem()))
				v.Set(m)
			})
			leaf(path+"[]=v", set, func(v reflect.Value) {
				m := reflect.MakeMap(typ)
				m.SetMapIndex(reflect.Zero(typ.Key()), reflect.ValueOf("v").Convert(typ.Elem()))
				v.Set(m)
			})
		case reflect.String:
			leaf(path, set, func(v reflect.Value) { v.SetString("x") })
		case reflect.Bool:
			leaf(path, set, func(v reflect.Value) { v.SetBool(true) })
		case reflect.Int, reflect.Int32, reflect.Int64:
			leaf(path, set, func(v reflect.Value) { v.SetInt(7) })
		default:
			t.Errorf("%s: this test does not know %s values; teach it, and rowDigest", path, typ)
		}
	}
	walk("Member", reflect.TypeFor[members.Member](), func(fn func(reflect.Value)) members.Member {
		var m members.Member
		fn(reflect.ValueOf(&m).Elem())
		return m
	})
}
