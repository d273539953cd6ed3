package bloch

import (
	"math"

	"github.com/larmor-mri/larmor/bloch/phantom"
)

// coords replaces the per-spin sincos of free precession by table look-ups
// when the spins sit on few distinct coordinates (a grid phantom: n values
// of x and of y for n² spins). The phase of a spin over a step,
// −2π(m·r + Δf·dt), is a sum of one term per axis and one for the
// off-resonance, so its phasor is the product of four phasors, each taken
// from a per-step table over the distinct values of that coordinate.
type coords struct {
	idx  [4][]int32   // per spin: index of its x, y, z and Δf values
	uniq [4][]float64 // the distinct values
	off  []int        // per step: offset of its tables in tab, or −1
	offK []int        // per run step: offset of the tables of the whole run
	tab  []complex128 // per step: x, y, z and Δf tables, concatenated
	span int          // total table length per step
}

const (
	maxCoordValues  = 4096    // distinct values over the four coordinates
	maxCoordEntries = 1 << 22 // table entries over all steps (64 MiB)
)

// newCoords builds the tables, or returns nil when they would not pay
// (many distinct values) or would take too much memory.
func newCoords(obj *phantom.Object, tl *timeline) *coords {
	n := obj.Len()
	c := &coords{}
	vals := [4][]float64{obj.X, obj.Y, obj.Z, obj.DF}
	for a := range 4 {
		ids := map[float64]int32{}
		c.idx[a] = make([]int32, n)
		for i := range n {
			v := 0.0
			if vals[a] != nil {
				v = vals[a][i]
			}
			id, ok := ids[v]
			if !ok {
				id = int32(len(c.uniq[a]))
				ids[v] = id
				c.uniq[a] = append(c.uniq[a], v)
				if c.span+len(c.uniq[a]) > maxCoordValues {
					return nil
				}
			}
			c.idx[a][i] = id
		}
		c.span += len(c.uniq[a])
	}
	if c.span*4 > n {
		return nil // fewer spins than table entries: sincos per spin is cheaper
	}
	c.off = make([]int, len(tl.steps))
	c.offK = make([]int, len(tl.steps))
	steps := 0
	for i := range tl.steps {
		c.off[i], c.offK[i] = -1, -1
		if tl.steps[i].rf < 0 {
			steps++
		}
		if tl.steps[i].run > 0 {
			steps++
		}
	}
	if steps*c.span > maxCoordEntries {
		return nil
	}
	c.tab = make([]complex128, 0, steps*c.span)
	for i := range tl.steps {
		st := &tl.steps[i]
		if st.rf >= 0 {
			continue
		}
		c.off[i] = len(c.tab)
		c.add(st, 1)
		if st.run > 0 {
			c.offK[i] = len(c.tab)
			c.add(st, float64(st.run))
		}
	}
	return c
}

// add appends the tables of k repetitions of step st.
func (c *coords) add(st *step, k float64) {
	for a := range 4 {
		f := k * st.dt // Δf·dt for the off-resonance
		if a < 3 {
			f = k * st.m[a]
		}
		for _, u := range c.uniq[a] {
			s, co := math.Sincos(-2 * math.Pi * math.Mod(f*u, 1))
			c.tab = append(c.tab, complex(co, s))
		}
	}
}

// phasorRun returns the phasor of the whole run step si for spin i.
func (c *coords) phasorRun(si, i int) complex128 {
	return c.lookup(c.offK[si], i)
}

// phasor returns exp(−i2π(m·r + Δf·dt)) of step si for spin i.
func (c *coords) phasor(si, i int) complex128 {
	return c.lookup(c.off[si], i)
}

func (c *coords) lookup(off, i int) complex128 {
	t := c.tab[off : off+c.span]
	nx, ny, nz := len(c.uniq[0]), len(c.uniq[1]), len(c.uniq[2])
	return t[c.idx[0][i]] * t[nx+int(c.idx[1][i])] * t[nx+ny+int(c.idx[2][i])] * t[nx+ny+nz+int(c.idx[3][i])]
}
