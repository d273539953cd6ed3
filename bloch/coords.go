package bloch

import (
	"math"
	"slices"

	"github.com/larmor-mri/larmor/bloch/phantom"
)

// coords replaces the per-spin sincos of free precession by table look-ups
// when the spins sit on few distinct coordinates (a grid phantom: n values
// of x and of y for n² spins). The phase of a spin over a step,
// −2π(m·r + Δf·dt), is a sum of one term per axis (x, y, z and the
// off-resonance), so its phasor is a product of per-axis phasors. The axes
// are put in groups: the one with the most distinct values alone (with the
// axes that have a single value), the others together when their distinct
// combinations are few (y and Δf of a 2D phantom with fat), so that a
// look-up is usually one complex product of two table entries.
type coords struct {
	ng   int          // groups
	id   [4][]uint16  // per group and spin: entry in the group's table
	size [4]int       // entries per group
	off  []int        // per step: offset of its tables in tab, or −1
	offK []int        // per run step: offset of the tables of the whole run
	tab  []complex128 // per step: the groups' tables, concatenated
	span int          // total table length per step

	uniq  [4][]float64   // per axis: the distinct values
	combo [4][][4]uint16 // per group and entry: the value index of each axis
	axes  [4][]int       // per group: its axes
	scr   [4][]complex128
}

// maxCoordValues bounds the distinct values of an axis and the
// combinations of a group, so that indices fit a uint16 (2 bytes per spin
// and axis or group).
const (
	maxCoordValues  = 4096    // distinct values of an axis
	maxCoordEntries = 1 << 22 // table entries over all steps (64 MiB)
)

// newCoords builds the tables, or returns nil when they would not pay
// (many distinct values) or would take too much memory.
func newCoords(obj *phantom.Object, tl *timeline) *coords {
	n := obj.Len()
	c := &coords{}
	vals := [4][]float64{obj.X, obj.Y, obj.Z, obj.DF}
	var idx [4][]uint16
	for a := range 4 {
		ids := map[float64]uint16{}
		idx[a] = make([]uint16, n)
		for i := range n {
			v := 0.0
			if vals[a] != nil {
				v = vals[a][i]
			}
			id, ok := ids[v]
			if !ok {
				id = uint16(len(c.uniq[a]))
				ids[v] = id
				c.uniq[a] = append(c.uniq[a], v)
				if len(c.uniq[a]) > maxCoordValues {
					return nil
				}
			}
			idx[a][i] = id
		}
	}
	steps := 0
	for i := range tl.steps {
		if tl.steps[i].rf < 0 {
			steps++
		}
		if tl.steps[i].run > 0 {
			steps++
		}
	}
	// Groups: the largest axis with the single-valued ones, then the other
	// axes together, or each alone if their combinations are too many.
	order := []int{0, 1, 2, 3}
	slices.SortStableFunc(order, func(a, b int) int { return len(c.uniq[b]) - len(c.uniq[a]) })
	first := []int{order[0]}
	var rest []int
	for _, a := range order[1:] {
		if len(c.uniq[a]) == 1 {
			first = append(first, a)
		} else {
			rest = append(rest, a)
		}
	}
	fits := func(groups [][]int) bool {
		c.ng, c.span = 0, 0
		for _, g := range groups {
			if !c.addGroup(g, idx, n) {
				return false
			}
		}
		return c.span*4 <= n && steps*c.span <= maxCoordEntries
	}
	ok := fits([][]int{first, rest})
	if !ok && len(rest) > 1 {
		groups := [][]int{first}
		for _, a := range rest {
			groups = append(groups, []int{a})
		}
		ok = fits(groups)
	}
	if !ok {
		return nil // sincos per spin is cheaper, or the tables too large
	}
	c.off = make([]int, len(tl.steps))
	c.offK = make([]int, len(tl.steps))
	c.tab = make([]complex128, 0, steps*c.span)
	for a := range 4 {
		c.scr[a] = make([]complex128, len(c.uniq[a]))
	}
	for i := range tl.steps {
		c.off[i], c.offK[i] = -1, -1
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

// addGroup adds a group of axes, numbering the distinct combinations of
// their values; it reports false when there are more than maxCoordValues.
func (c *coords) addGroup(axes []int, idx [4][]uint16, n int) bool {
	if len(axes) == 0 {
		return true
	}
	g := c.ng
	c.ng++
	c.axes[g] = axes
	c.combo[g] = c.combo[g][:0]
	if cap(c.id[g]) < n {
		c.id[g] = make([]uint16, n)
	}
	ids := map[[4]uint16]uint16{}
	for i := range n {
		var key [4]uint16
		for _, a := range axes {
			key[a] = idx[a][i]
		}
		id, ok := ids[key]
		if !ok {
			id = uint16(len(c.combo[g]))
			ids[key] = id
			c.combo[g] = append(c.combo[g], key)
			if len(c.combo[g]) > maxCoordValues {
				return false
			}
		}
		c.id[g][i] = id
	}
	c.size[g] = len(c.combo[g])
	c.span += c.size[g]
	return true
}

// add appends the tables of k repetitions of step st.
func (c *coords) add(st *step, k float64) {
	for a := range 4 {
		f := k * st.dt // Δf·dt for the off-resonance
		if a < 3 {
			f = k * st.m[a]
		}
		for j, u := range c.uniq[a] {
			s, co := math.Sincos(-2 * math.Pi * wrap(f*u))
			c.scr[a][j] = complex(co, s)
		}
	}
	for g := range c.ng {
		for _, key := range c.combo[g] {
			p := complex(1, 0)
			for i, a := range c.axes[g] {
				if i == 0 {
					p = c.scr[a][key[a]]
				} else {
					p *= c.scr[a][key[a]]
				}
			}
			c.tab = append(c.tab, p)
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
	p := t[c.id[0][i]]
	if c.ng == 1 {
		return p
	}
	p *= t[c.size[0]+int(c.id[1][i])]
	for g, base := 2, c.size[0]+c.size[1]; g < c.ng; g++ {
		p *= t[base+int(c.id[g][i])]
		base += c.size[g]
	}
	return p
}
