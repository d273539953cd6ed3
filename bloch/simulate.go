package bloch

import (
	"context"
	"fmt"
	"math"
	"math/cmplx"
	"math/rand/v2"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/larmor-mri/larmor/bloch/phantom"
	"github.com/larmor-mri/larmor/bloch/seq"
	"github.com/larmor-mri/larmor/kspace"
)

// Options configure Simulate. The zero value simulates on GOMAXPROCS
// workers with no progress reports and real (not ideal) spoiling.
type Options struct {
	Workers int // 0 means runtime.GOMAXPROCS(0)
	// IdealSpoiling sets the transverse magnetisation of every spin to zero
	// just before each RF pulse whose Use is seq.Excitation (or
	// seq.Undefined, as in Pulseq files before 1.5), as a perfectly
	// spoiled gradient echo assumes. Without it, spoiling is whatever the
	// sequence's gradients and RF phases achieve on the spins given (one
	// isochromat per voxel is far from the ensemble that spoiling assumes).
	IdealSpoiling bool
	// Progress, if not nil, is called after each chunk of spins with the
	// number of spins done; never concurrently.
	Progress func(Progress)
	// Noise, if not nil, adds complex Gaussian receiver noise to every
	// sample.
	Noise *Noise
}

// Noise describes complex Gaussian receiver noise, added to the received
// signal (in the units of the samples, before the ADC's phase
// demodulation, which leaves its statistics unchanged). The noise of one
// sample has zero mean and covariance Covariance between coils:
// E[n_c · conj(n_d)] = Covariance[c·ncoils + d]. When Covariance is nil it
// is Sigma²·2·I: the real and imaginary parts of each coil's noise are
// independent with standard deviation Sigma. Samples are independent.
type Noise struct {
	Sigma float64
	// Covariance is an ncoils×ncoils Hermitian positive-definite matrix,
	// row-major.
	Covariance []complex128
	// Seed selects the noise realisation: the same seed gives the same
	// noise, whatever the number of workers.
	Seed uint64
}

// Progress reports how far a simulation has come.
type Progress struct {
	Spins, Total int
}

// chunkSpins is the number of spins simulated together: a chunk's state
// stays in L1 while the timeline streams past, and chunks are the unit of
// the fixed-order reduction that makes results independent of the number
// of workers.
const chunkSpins = 256

// Simulate runs the Bloch equations for every spin of obj through the
// sequence s and returns the received signal as a kspace.Dataset with one
// acquisition per ADC event.
//
// # Physics
//
// Each spin starts at equilibrium M = (0, 0, M0) and obeys
// dM/dt = 2π M × B − relaxation, with B = (Re b1, Im b1, G·r + Δf) in Hz
// (positive γ, so a phase-0 pulse tips +z towards +y and a spin with Δf > 0
// precesses as exp(−i2πΔf t)). Between RF pulses precession and relaxation
// are applied in closed form over each interval between events, using the
// exact gradient moment of the piecewise-linear gradients; no time-stepping.
// RF pulses are applied sample by sample (split further at gradient corners)
// as exact rotations about the effective field, with exact relaxation over
// each half sample on either side (a symmetric splitting, second-order in
// the sample duration). Spins that see the same field during a pulse (same
// position along the axes with a gradient during it, off-resonance, T1, T2
// and B1 scale) share one exactly computed affine map M ↦ A·M + M0·b for
// that pulse.
//
// The sample recorded for coil c is Σ_spins (Mx + iMy)·C_c, demodulated by
// exp(−i(φ_adc + 2π f_adc t)). Sample n of an ADC lies at
// Delay + (n + 1/2)·Dwell. Acquisition k-space positions are the gradient
// moments since the last excitation centre (negated by refocusing pulses;
// pulses of undefined use count as excitations);
// counters come from the sequence labels (LIN → KSpaceEncodeStep1 and so on).
//
// Results are bit-identical for any number of workers: spins are split into
// fixed chunks whose partial sums are added in chunk order. Simulate checks
// ctx between chunks and returns ctx.Err() when it is cancelled.
//
// It returns an error if the object or sequence is invalid (naming the
// spin or block), or if the object has a finite T2' (not modelled yet:
// ErrUnsupported).
func Simulate(ctx context.Context, s *seq.Sequence, obj *phantom.Object, o Options) (*kspace.Dataset, error) {
	if s == nil || obj == nil {
		return nil, fmt.Errorf("bloch: nil sequence or object")
	}
	if err := obj.Validate(); err != nil {
		return nil, fmt.Errorf("bloch: %w", err)
	}
	for i, v := range obj.T2Prime {
		if !math.IsInf(v, 1) {
			return nil, fmt.Errorf("bloch: spin %d: T2' = %g s: reversible dephasing is %w by the simulator itself; expand it into isochromats with phantom.ExpandT2Prime", i, v, ErrUnsupported)
		}
	}
	tl, err := buildTimeline(s, o.IdealSpoiling)
	if err != nil {
		return nil, err
	}
	var noiseL []complex128
	if o.Noise != nil {
		if noiseL, err = o.Noise.factor(obj.NumCoils()); err != nil {
			return nil, err
		}
	}
	sim := newSimulator(tl, obj)
	workers := o.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	nchunks := (obj.Len() + chunkSpins - 1) / chunkSpins
	workers = min(workers, nchunks)
	bufLen := sim.ncoils * tl.samples

	red := &reducer{acc: make([]complex128, bufLen), ready: map[int][]complex128{}, progress: o.Progress, total: obj.Len()}
	var next atomic.Int64
	var wg sync.WaitGroup
	var firstErr error
	var errOnce sync.Once
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := sim.newWorker()
			for {
				c := int(next.Add(1) - 1)
				if c >= nchunks {
					return
				}
				if err := ctx.Err(); err != nil {
					errOnce.Do(func() { firstErr = err })
					return
				}
				buf := red.get(bufLen)
				lo := c * chunkSpins
				hi := min(lo+chunkSpins, obj.Len())
				w.run(lo, hi, buf)
				red.done(c, buf, hi-lo)
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	if noiseL != nil {
		addNoise(red.acc, noiseL, sim.ncoils, tl.samples, o.Noise.Seed)
	}
	return sim.dataset(s, red.acc), nil
}

// reducer adds chunk results in chunk order, whatever order they finish in.
type reducer struct {
	mu       sync.Mutex
	next     int
	ready    map[int][]complex128
	acc      []complex128
	pool     [][]complex128
	progress func(Progress)
	spins    int
	total    int
}

func (r *reducer) get(n int) []complex128 {
	r.mu.Lock()
	defer r.mu.Unlock()
	if k := len(r.pool); k > 0 {
		b := r.pool[k-1]
		r.pool = r.pool[:k-1]
		clear(b)
		return b
	}
	return make([]complex128, n)
}

func (r *reducer) done(c int, buf []complex128, spins int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.ready[c] = buf
	for {
		b, ok := r.ready[r.next]
		if !ok {
			break
		}
		for i, v := range b {
			r.acc[i] += v
		}
		delete(r.ready, r.next)
		r.pool = append(r.pool, b)
		r.next++
	}
	r.spins += spins
	if r.progress != nil {
		r.progress(Progress{Spins: r.spins, Total: r.total})
	}
}

// affine is the map M ↦ A·M + M0·b of one RF pulse for one group of spins.
type affine struct {
	a [3][3]float64
	b [3]float64
}

// rfGrouping assigns spins to groups that see the same field during pulses
// with gradients on the given axes.
type rfGrouping struct {
	group []int32 // per spin; nil when grouping does not pay (per-spin maps)
	rep   []int32 // a representative spin of each group
}

type simulator struct {
	tl     *timeline
	obj    *phantom.Object
	ncoils int
	// maps[e] holds the affine map of each group for RF event e (nil when
	// the event's grouping is per spin); grouping[e] indexes groupings.
	maps      [][]affine
	grouping  []int
	groupings []rfGrouping
	maxRun    int     // longest readout run
	coords    *coords // phasor tables for free steps, or nil
	// Relaxation classes: spin i has T1 = clsT1[cls[i]], T2 = clsT2[cls[i]].
	// nil when the object has too many distinct pairs to gain from them.
	cls          []int32
	clsT1, clsT2 []float64
}

// maxClasses is the most relaxation classes worth sharing exponentials
// over: a chunk recomputes every class for each new interval.
const maxClasses = chunkSpins / 8

func newSimulator(tl *timeline, obj *phantom.Object) *simulator {
	sim := &simulator{tl: tl, obj: obj, ncoils: obj.NumCoils()}
	for i := range tl.steps {
		sim.maxRun = max(sim.maxRun, int(tl.steps[i].run))
	}
	sim.coords = newCoords(obj, tl)
	ids := map[[2]float64]int32{}
	cls := make([]int32, obj.Len())
	for i := range cls {
		key := [2]float64{obj.T1[i], obj.T2[i]}
		id, ok := ids[key]
		if !ok {
			if len(ids) == maxClasses {
				cls = nil
				sim.clsT1, sim.clsT2 = nil, nil
				break
			}
			id = int32(len(ids))
			ids[key] = id
			sim.clsT1 = append(sim.clsT1, key[0])
			sim.clsT2 = append(sim.clsT2, key[1])
		}
		cls[i] = id
	}
	sim.cls = cls
	byAxes := map[[3]bool]int{}
	sim.grouping = make([]int, len(tl.rf))
	sim.maps = make([][]affine, len(tl.rf))
	for e := range tl.rf {
		ev := &tl.rf[e]
		gi, ok := byAxes[ev.axes]
		if !ok {
			gi = len(sim.groupings)
			byAxes[ev.axes] = gi
			sim.groupings = append(sim.groupings, groupSpins(obj, ev.axes))
		}
		sim.grouping[e] = gi
		gr := &sim.groupings[gi]
		if gr.group == nil {
			continue
		}
		maps := make([]affine, len(gr.rep))
		for g, sp := range gr.rep {
			maps[g] = rfMap(ev, obj, int(sp))
		}
		sim.maps[e] = maps
	}
	return sim
}

// groupSpins groups the spins by everything that determines their motion
// during a pulse with gradients on the given axes. Grouping is abandoned
// (nil group) when it would save less than half the work.
func groupSpins(obj *phantom.Object, axes [3]bool) rfGrouping {
	type key struct {
		p                [3]float64
		df, t1, t2, b1sc float64
	}
	n := obj.Len()
	ids := make(map[key]int32)
	group := make([]int32, n)
	var rep []int32
	pos := [3][]float64{obj.X, obj.Y, obj.Z}
	for i := range n {
		var k key
		for ax := range 3 {
			if axes[ax] {
				k.p[ax] = pos[ax][i]
			}
		}
		if obj.DF != nil {
			k.df = obj.DF[i]
		}
		if obj.B1 != nil {
			k.b1sc = obj.B1[i]
		}
		k.t1, k.t2 = obj.T1[i], obj.T2[i]
		id, ok := ids[k]
		if !ok {
			id = int32(len(rep))
			ids[k] = id
			rep = append(rep, int32(i))
			if len(rep) > n/2 && n > 8 {
				return rfGrouping{}
			}
		}
		group[i] = id
	}
	return rfGrouping{group: group, rep: rep}
}

// rfMap computes the affine map of pulse ev for spin i by propagating the
// three unit vectors (with M0 = 0) and the equilibrium term (M = 0, M0 = 1).
func rfMap(ev *rfEvent, obj *phantom.Object, i int) affine {
	var f affine
	var cols [4][3]float64
	cols[0] = [3]float64{1, 0, 0}
	cols[1] = [3]float64{0, 1, 0}
	cols[2] = [3]float64{0, 0, 1}
	for c := range cols {
		m0 := 0.0
		if c == 3 {
			m0 = 1
		}
		mx, my, mz := cols[c][0], cols[c][1], cols[c][2]
		mx, my, mz = stepRF(ev, obj, i, mx, my, mz, m0)
		cols[c] = [3]float64{mx, my, mz}
	}
	for r := range 3 {
		for c := range 3 {
			f.a[r][c] = cols[c][r]
		}
		f.b[r] = cols[3][r]
	}
	return f
}

// stepRF propagates one spin's magnetisation through an RF event.
func stepRF(ev *rfEvent, obj *phantom.Object, i int, mx, my, mz, m0 float64) (float64, float64, float64) {
	x, y, z := obj.X[i], obj.Y[i], obj.Z[i]
	df, b1 := 0.0, 1.0
	if obj.DF != nil {
		df = obj.DF[i]
	}
	if obj.B1 != nil {
		b1 = obj.B1[i]
	}
	t1, t2 := obj.T1[i], obj.T2[i]
	lastDt, e1, e2 := -1.0, 1.0, 1.0 // sub-steps mostly share one length
	for k, dt := range ev.dt {
		g := ev.g[k]
		bx := b1 * real(ev.b1[k])
		by := b1 * imag(ev.b1[k])
		bz := g[0]*x + g[1]*y + g[2]*z + df - ev.freq
		if dt != lastDt {
			e1, e2, lastDt = math.Exp(-0.5*dt/t1), math.Exp(-0.5*dt/t2), dt
		}
		// Relax half a step.
		mx, my, mz = mx*e2, my*e2, mz*e1+m0*(1-e1)
		// Rotate by −2π|B|dt about B (left-handed precession of positive γ).
		bn := math.Sqrt(bx*bx + by*by + bz*bz)
		if bn > 0 {
			nx, ny, nz := bx/bn, by/bn, bz/bn
			s, c := math.Sincos(-2 * math.Pi * bn * dt)
			dot := nx*mx + ny*my + nz*mz
			cx := ny*mz - nz*my
			cy := nz*mx - nx*mz
			cz := nx*my - ny*mx
			mx = mx*c + cx*s + nx*dot*(1-c)
			my = my*c + cy*s + ny*dot*(1-c)
			mz = mz*c + cz*s + nz*dot*(1-c)
		}
		mx, my, mz = mx*e2, my*e2, mz*e1+m0*(1-e1)
	}
	if ev.freq != 0 {
		// Back from the pulse's frame to the simulator's.
		sn, cs := math.Sincos(-2 * math.Pi * ev.freq * ev.dur)
		mx, my = mx*cs-my*sn, mx*sn+my*cs
	}
	return mx, my, mz
}

// worker holds one goroutine's scratch: the state of one chunk of spins.
type worker struct {
	sim                 *simulator
	mx, my, mz          []float64
	e1, e2              []float64
	lastPhi, cosP, sinP []float64
	acc                 []complex128 // readout run sums, coil-major
	// Readout scratch: phasors of a block of spins, and the 64-spin
	// kernel's values and phasors.
	ph       [64]phasor
	v64, p64 [128]float64
	// Relaxation factors of a readout run per spin (one step, whole run),
	// and of each relaxation class for the current interval.
	runE1, runE2, runE1k, runE2k []float64
	clsE1, clsE2                 []float64
}

// relaxFactors sets e1[s], e2[s] = exp(−dt/T1), exp(−dt/T2) for spins
// lo+s of the chunk, computing each distinct (T1, T2) pair once when the
// object has few of them.
func (w *worker) relaxFactors(dt float64, lo int, e1, e2 []float64) {
	sim := w.sim
	if sim.cls == nil {
		for s := range e1 {
			e1[s] = math.Exp(-dt / sim.obj.T1[lo+s])
			e2[s] = math.Exp(-dt / sim.obj.T2[lo+s])
		}
		return
	}
	for c := range sim.clsT1 {
		w.clsE1[c] = math.Exp(-dt / sim.clsT1[c])
		w.clsE2[c] = math.Exp(-dt / sim.clsT2[c])
	}
	cls := sim.cls[lo : lo+len(e1)]
	for s, c := range cls {
		e1[s], e2[s] = w.clsE1[c], w.clsE2[c]
	}
}

func (sim *simulator) newWorker() *worker {
	n := chunkSpins
	return &worker{
		sim: sim,
		mx:  make([]float64, n), my: make([]float64, n), mz: make([]float64, n),
		e1: make([]float64, n), e2: make([]float64, n),
		lastPhi: make([]float64, n), cosP: make([]float64, n), sinP: make([]float64, n),
		acc:   make([]complex128, sim.ncoils*sim.maxRun),
		runE1: make([]float64, n), runE2: make([]float64, n), runE1k: make([]float64, n), runE2k: make([]float64, n),
		clsE1: make([]float64, len(sim.clsT1)), clsE2: make([]float64, len(sim.clsT2)),
	}
}

// run simulates spins [lo, hi) and adds their signal into buf
// (coil-major: buf[c*samples + s]).
func (w *worker) run(lo, hi int, buf []complex128) {
	sim, obj, tl := w.sim, w.sim.obj, w.sim.tl
	n := hi - lo
	mx, my, mz := w.mx[:n], w.my[:n], w.mz[:n]
	e1, e2 := w.e1[:n], w.e2[:n]
	lastPhi, cosP, sinP := w.lastPhi[:n], w.cosP[:n], w.sinP[:n]
	x, y, z := obj.X[lo:hi], obj.Y[lo:hi], obj.Z[lo:hi]
	m0 := obj.M0[lo:hi]
	var df []float64
	if obj.DF != nil {
		df = obj.DF[lo:hi]
	}
	for s := range n {
		mx[s], my[s], mz[s] = 0, 0, m0[s]
		lastPhi[s], cosP[s], sinP[s] = 0, 1, 0
	}
	lastDt := -1.0
	for si := range tl.steps {
		st := &tl.steps[si]
		if st.spoil {
			clear(mx)
			clear(my)
		}
		if st.run > 0 {
			w.readout(si, lo, n, buf)
			continue
		}
		if st.rf >= 0 {
			e := int(st.rf)
			gr := &sim.groupings[sim.grouping[e]]
			maps := sim.maps[e]
			ev := &tl.rf[e]
			for s := range n {
				if gr.group == nil {
					mx[s], my[s], mz[s] = stepRF(ev, obj, lo+s, mx[s], my[s], mz[s], m0[s])
					continue
				}
				f := &maps[gr.group[lo+s]]
				a, b := &f.a, &f.b
				vx, vy, vz := mx[s], my[s], mz[s]
				mx[s] = a[0][0]*vx + a[0][1]*vy + a[0][2]*vz + b[0]*m0[s]
				my[s] = a[1][0]*vx + a[1][1]*vy + a[1][2]*vz + b[1]*m0[s]
				mz[s] = a[2][0]*vx + a[2][1]*vy + a[2][2]*vz + b[2]*m0[s]
			}
		} else {
			dt := st.dt
			if dt != lastDt {
				w.relaxFactors(dt, lo, e1, e2)
				lastDt = dt
			}
			gx, gy, gz := st.m[0], st.m[1], st.m[2]
			for s := range n {
				var c, sn float64
				if co := sim.coords; co != nil {
					p := co.phasor(si, lo+s)
					c, sn = real(p), imag(p)
				} else {
					phi := gx*x[s] + gy*y[s] + gz*z[s]
					if df != nil {
						phi += df[s] * dt
					}
					if phi != lastPhi[s] {
						sn, cs := math.Sincos(-2 * math.Pi * phi)
						lastPhi[s], cosP[s], sinP[s] = phi, cs, sn
					}
					c, sn = cosP[s], sinP[s]
				}
				u, v := mx[s], my[s]
				// (u + iv)·exp(−i2πφ), then T2 decay.
				mx[s] = (u*c - v*sn) * e2[s]
				my[s] = (u*sn + v*c) * e2[s]
				mz[s] = mz[s]*e1[s] + m0[s]*(1-e1[s])
			}
		}
		if st.sample >= 0 {
			w.record(int(st.sample), lo, n, buf)
		}
	}
}

// reseedEvery is how often a readout run recomputes the magnetisation from
// its closed form instead of the phasor recurrence, bounding the rounding
// drift of repeated complex multiplication (about k·1e-16 after k steps:
// 5e-14 here, far below the complex64 output's 6e-8; a re-seed costs a
// sincos and a pow per spin, so more often slowed readouts by 2.5×).
const reseedEvery = 512

// readout simulates a run of identical free steps, each ending with a
// sample, for the chunk's spins: over each step a spin's transverse
// magnetisation is multiplied by the same phasor E2·exp(−i2πφ), so the run
// is one complex multiply-accumulate per spin, coil and sample. Spins go
// four at a time so that four independent recurrences fill the pipeline.
// The longitudinal magnetisation is advanced once, in closed form, at the
// end.
func (w *worker) readout(si, lo, n int, buf []complex128) {
	obj, tl := w.sim.obj, w.sim.tl
	st := &tl.steps[si]
	k := int(st.run)
	samples := tl.samples
	dt := st.dt
	gx, gy, gz := st.m[0], st.m[1], st.m[2]
	ncoil := w.sim.ncoils
	uniform := ncoil == 1 && obj.Coils == nil // the signal is m itself
	acc := w.acc[:ncoil*k]
	clear(acc)
	// Relaxation over one step and over the whole run.
	w.relaxFactors(dt, lo, w.runE1[:n], w.runE2[:n])
	w.relaxFactors(float64(k)*dt, lo, w.runE1k[:n], w.runE2k[:n])
	ph := &w.ph
	for s0 := 0; s0 < n; s0 += len(ph) {
		g := min(len(ph), n-s0)
		for t := range g {
			i := lo + s0 + t
			phi := gx*obj.X[i] + gy*obj.Y[i] + gz*obj.Z[i]
			if obj.DF != nil {
				phi += obj.DF[i] * dt
			}
			e2 := w.runE2[s0+t]
			var sn, cs float64
			if co := w.sim.coords; co != nil {
				p := co.phasor(si, i)
				cs, sn = real(p), imag(p)
			} else {
				sn, cs = math.Sincos(-2 * math.Pi * phi)
			}
			ph[t] = phasor{pr: e2 * cs, pi: e2 * sn, phi: phi}
			if k > reseedEvery {
				ph[t].lnE2 = math.Log(e2)
			}
		}
		for c := range ncoil {
			// The signal a spin gives coil c evolves like its magnetisation:
			// start from m·C and apply the same phasor.
			for t := range g {
				i := lo + s0 + t
				mr, mi := w.mx[s0+t], w.my[s0+t]
				cr, ci := 1.0, 0.0
				if obj.Coils != nil {
					v := obj.Coils[c][i]
					cr, ci = float64(real(v)), float64(imag(v))
				}
				ph[t].br, ph[t].bi = mr*cr-mi*ci, mr*ci+mi*cr
			}
			a := acc[c*k : (c+1)*k]
			t := 0
			if g == 64 && runSixtyFour(a, ph, &w.v64, &w.p64) {
				t = 64
			}
			for ; t+16 <= g; t += 16 {
				runSixteen(a, (*[16]phasor)(ph[t:t+16]))
			}
			for ; t+4 <= g; t += 4 {
				runFour(a, (*[4]phasor)(ph[t:t+4]))
			}
			for ; t < g; t++ {
				runOne(a, &ph[t])
			}
		}
		for t := range g {
			s := s0 + t
			i := lo + s
			w.mz[s] = obj.M0[i] + (w.mz[s]-obj.M0[i])*w.runE1k[s]
			if uniform {
				// The run's end value is m·p^k itself (re-seeded from the
				// closed form every reseedEvery samples).
				w.mx[s], w.my[s] = ph[t].er, ph[t].ei
				continue
			}
			// Magnetisation after the run, in closed form.
			m0r, m0i := w.mx[s], w.my[s]
			ek := w.runE2k[s]
			var sk, ck float64
			if co := w.sim.coords; co != nil {
				p := co.phasorRun(si, i)
				ck, sk = real(p), imag(p)
			} else {
				sk, ck = math.Sincos(-2 * math.Pi * wrap(ph[t].phi*float64(k)))
			}
			w.mx[s] = ek * (m0r*ck - m0i*sk)
			w.my[s] = ek * (m0r*sk + m0i*ck)
		}
	}
	first := int(st.sample)
	for c := range ncoil {
		dst := buf[c*samples+first : c*samples+first+k]
		for j, v := range acc[c*k : (c+1)*k] {
			dst[j] += v
		}
	}
}

// phasor is one spin's readout recurrence: b·p^j with p = pr + i·pi =
// E2·exp(−i2πφ).
type phasor struct {
	pr, pi, lnE2, phi float64 // lnE2 = ln E2, set when the run re-seeds
	br, bi            float64 // the starting value
	er, ei            float64 // the value after the run, b·p^k, set by the run
}

// runFour adds Σ_t b_t·p_t^{j+1} to a[j] for four spins, re-seeding every
// reseedEvery samples. The sum is taken in the order ((0+1)+(2+3)).
func runFour(a []complex128, ph *[4]phasor) {
	p0, p1, p2, p3 := &ph[0], &ph[1], &ph[2], &ph[3]
	v0r, v0i := p0.br, p0.bi
	v1r, v1i := p1.br, p1.bi
	v2r, v2i := p2.br, p2.bi
	v3r, v3i := p3.br, p3.bi
	for j := range a {
		if j > 0 && j%reseedEvery == 0 {
			v0r, v0i = reseed(p0.br, p0.bi, p0.lnE2, p0.phi, j)
			v1r, v1i = reseed(p1.br, p1.bi, p1.lnE2, p1.phi, j)
			v2r, v2i = reseed(p2.br, p2.bi, p2.lnE2, p2.phi, j)
			v3r, v3i = reseed(p3.br, p3.bi, p3.lnE2, p3.phi, j)
		}
		v0r, v0i = v0r*p0.pr-v0i*p0.pi, v0r*p0.pi+v0i*p0.pr
		v1r, v1i = v1r*p1.pr-v1i*p1.pi, v1r*p1.pi+v1i*p1.pr
		v2r, v2i = v2r*p2.pr-v2i*p2.pi, v2r*p2.pi+v2i*p2.pr
		v3r, v3i = v3r*p3.pr-v3i*p3.pi, v3r*p3.pi+v3i*p3.pr
		a[j] += complex((v0r+v1r)+(v2r+v3r), (v0i+v1i)+(v2i+v3i))
	}
	p0.er, p0.ei = v0r, v0i
	p1.er, p1.ei = v1r, v1i
	p2.er, p2.ei = v2r, v2i
	p3.er, p3.ei = v3r, v3i
}

// runSixteen is runFour for sixteen spins, with the vector kernel
// readout16 between re-seeds.
func runSixteen(a []complex128, ph *[16]phasor) {
	var v, p [32]float64
	for t := range 16 {
		g, l := t/4, t%4
		p[8*g+l], p[8*g+4+l] = ph[t].pr, ph[t].pi
		v[8*g+l], v[8*g+4+l] = ph[t].br, ph[t].bi
	}
	for j := 0; j < len(a); j += reseedEvery {
		if j > 0 {
			for t := range 16 {
				g, l := t/4, t%4
				v[8*g+l], v[8*g+4+l] = reseed(ph[t].br, ph[t].bi, ph[t].lnE2, ph[t].phi, j)
			}
		}
		readout16(a[j:min(j+reseedEvery, len(a))], &v, &p)
	}
	for t := range 16 {
		g, l := t/4, t%4
		ph[t].er, ph[t].ei = v[8*g+l], v[8*g+4+l]
	}
}

// runSixtyFour is runSixteen for 64 spins with the AVX-512 kernel
// readout64; it reports false, doing nothing, where that kernel is not
// available. v and p are scratch space.
func runSixtyFour(a []complex128, ph *[64]phasor, v, p *[128]float64) bool {
	if !hasReadout64 {
		return false
	}
	for t := range 64 {
		g, l := t/8, t%8
		p[16*g+l], p[16*g+8+l] = ph[t].pr, ph[t].pi
		v[16*g+l], v[16*g+8+l] = ph[t].br, ph[t].bi
	}
	for j := 0; j < len(a); j += reseedEvery {
		if j > 0 {
			for t := range 64 {
				g, l := t/8, t%8
				v[16*g+l], v[16*g+8+l] = reseed(ph[t].br, ph[t].bi, ph[t].lnE2, ph[t].phi, j)
			}
		}
		readout64(a[j:min(j+reseedEvery, len(a))], v, p)
	}
	for t := range 64 {
		g, l := t/8, t%8
		ph[t].er, ph[t].ei = v[16*g+l], v[16*g+8+l]
	}
	return true
}

// runOne is runFour for one spin.
func runOne(a []complex128, p *phasor) {
	vr, vi := p.br, p.bi
	for j := range a {
		if j > 0 && j%reseedEvery == 0 {
			vr, vi = reseed(p.br, p.bi, p.lnE2, p.phi, j)
		}
		vr, vi = vr*p.pr-vi*p.pi, vr*p.pi+vi*p.pr
		a[j] += complex(vr, vi)
	}
	p.er, p.ei = vr, vi
}

// reseed returns b·(E2·e^{−i2πφ})^j = b·exp(j·ln E2)·e^{−i2πφj},
// computed directly.
func reseed(br, bi, lnE2, phi float64, j int) (float64, float64) {
	mag := math.Exp(lnE2 * float64(j))
	sn, cs := math.Sincos(-2 * math.Pi * wrap(phi*float64(j)))
	return mag * (br*cs - bi*sn), mag * (br*sn + bi*cs)
}

// wrap returns x minus the nearest integer, in [−1/2, 1/2]: a phase in
// cycles reduced exactly (math.Mod is exact too, but several times slower).
func wrap(x float64) float64 { return x - math.Round(x) }

// record adds the chunk's transverse magnetisation, weighted by each
// coil's sensitivity, to sample k of buf.
func (w *worker) record(k, lo, n int, buf []complex128) {
	obj := w.sim.obj
	samples := w.sim.tl.samples
	mx, my := w.mx[:n], w.my[:n]
	if obj.Coils == nil {
		var sx, sy float64
		for s := range n {
			sx += mx[s]
			sy += my[s]
		}
		buf[k] += complex(sx, sy)
		return
	}
	for c, sens := range obj.Coils {
		var sx, sy float64
		cs := sens[lo : lo+n]
		for s := range n {
			cr, ci := float64(real(cs[s])), float64(imag(cs[s]))
			sx += mx[s]*cr - my[s]*ci
			sy += mx[s]*ci + my[s]*cr
		}
		buf[c*samples+k] += complex(sx, sy)
	}
}

// dataset packages the summed signal as raw data.
func (sim *simulator) dataset(s *seq.Sequence, acc []complex128) *kspace.Dataset {
	tl := sim.tl
	params := s.Params
	if params.B0 == 0 {
		params.B0 = s.System.B0
	}
	h := kspace.Header{
		Encoded: s.Encoding, Recon: s.Encoding, Trajectory: s.Traj,
		Coils: sim.ncoils, Params: params,
	}
	d := &kspace.Dataset{Header: h, Acquisitions: make([]kspace.Acquisition, len(tl.adc))}
	lim := &d.Header.Limits
	for i := range tl.adc {
		a := &tl.adc[i]
		acq := kspace.Acquisition{
			Flags: a.flags, Idx: a.idx, Coils: sim.ncoils, Samples: a.n, Dwell: a.dwell, Time: a.t0,
			Center:   centreSample(a.kx, a.n),
			ReadDir:  [3]float64{1, 0, 0},
			PhaseDir: [3]float64{0, 1, 0},
			SliceDir: [3]float64{0, 0, 1},
			Data:     make([]complex64, sim.ncoils*a.n),
			TrajDims: 3,
			Traj:     a.kx,
		}
		for n := range a.n {
			// The receiver's reference phase, Pulseq's: PhaseOffset (+ the
			// sample's modulation) + 2π·FreqOffset·t from the start of the
			// window (sample n at (n+½)·dwell); the received signal is
			// multiplied by exp(+i·phase), which brings spins at Δf =
			// FreqOffset to zero frequency (see seq.ADC).
			ph := a.phase + 2*math.Pi*a.freq*(float64(n)+0.5)*a.dwell
			if a.mod != nil {
				ph += a.mod[n]
			}
			sn, cs := math.Sincos(ph)
			rot := complex(cs, sn)
			for c := range sim.ncoils {
				acq.Data[c*a.n+n] = complex64(acc[c*tl.samples+a.first+n] * rot)
			}
		}
		if i == len(tl.adc)-1 {
			acq.Flags |= kspace.LastInMeasurement
		}
		d.Acquisitions[i] = acq
		for _, l := range []struct {
			lim *kspace.Limit
			v   int
		}{{&lim.KSpaceEncodeStep1, a.idx.KSpaceEncodeStep1}, {&lim.KSpaceEncodeStep2, a.idx.KSpaceEncodeStep2},
			{&lim.Slice, a.idx.Slice}, {&lim.Contrast, a.idx.Contrast}, {&lim.Repetition, a.idx.Repetition},
			{&lim.Average, a.idx.Average}, {&lim.Set, a.idx.Set}, {&lim.Segment, a.idx.Segment}, {&lim.Phase, a.idx.Phase}} {
			if i == 0 {
				l.lim.Min, l.lim.Max = l.v, l.v
			}
			l.lim.Min = min(l.lim.Min, l.v)
			l.lim.Max = max(l.lim.Max, l.v)
		}
	}
	lim.KSpaceEncodeStep1.Center = s.Encoding.Matrix[1] / 2
	lim.KSpaceEncodeStep2.Center = s.Encoding.Matrix[2] / 2
	return d
}

// factor validates the noise description and returns the lower-triangular
// Cholesky factor L of its covariance (row-major), so that L·z has that
// covariance for z of independent unit complex normals.
func (nz *Noise) factor(ncoils int) ([]complex128, error) {
	c := nz.Covariance
	if c == nil {
		if !(nz.Sigma >= 0) || math.IsInf(nz.Sigma, 0) {
			return nil, fmt.Errorf("bloch: noise sigma %g is not a finite non-negative number", nz.Sigma)
		}
		c = make([]complex128, ncoils*ncoils)
		for i := range ncoils {
			c[i*ncoils+i] = complex(2*nz.Sigma*nz.Sigma, 0)
		}
	}
	if len(c) != ncoils*ncoils {
		return nil, fmt.Errorf("bloch: noise covariance has %d entries, want %d×%d for %d coils", len(c), ncoils, ncoils, ncoils)
	}
	l := make([]complex128, len(c))
	for j := range ncoils {
		// Diagonal: L_jj = sqrt(C_jj − Σ_k |L_jk|²).
		d := real(c[j*ncoils+j])
		for k := range j {
			v := l[j*ncoils+k]
			d -= real(v)*real(v) + imag(v)*imag(v)
		}
		if imag(c[j*ncoils+j]) != 0 || d < 0 || math.IsNaN(d) {
			return nil, fmt.Errorf("bloch: noise covariance is not Hermitian positive semi-definite (coil %d)", j)
		}
		ljj := math.Sqrt(d)
		l[j*ncoils+j] = complex(ljj, 0)
		for i := j + 1; i < ncoils; i++ {
			if cmplx.Abs(c[i*ncoils+j]-cmplx.Conj(c[j*ncoils+i])) > 1e-12*(math.Abs(real(c[i*ncoils+i]))+math.Abs(real(c[j*ncoils+j]))) {
				return nil, fmt.Errorf("bloch: noise covariance is not Hermitian: entries (%d,%d) and (%d,%d)", i, j, j, i)
			}
			v := c[i*ncoils+j]
			for k := range j {
				v -= l[i*ncoils+k] * cmplx.Conj(l[j*ncoils+k])
			}
			if ljj == 0 {
				if cmplx.Abs(v) > 1e-12 {
					return nil, fmt.Errorf("bloch: noise covariance is not positive semi-definite (coil %d)", i)
				}
				continue
			}
			l[i*ncoils+j] = v / complex(ljj, 0)
		}
	}
	return l, nil
}

// addNoise adds L·z to every sample of acc (coil-major, samples per coil),
// z drawn sample by sample, coil by coil, from a PCG generator seeded with
// seed: the realisation depends only on the seed and the sample count.
func addNoise(acc, l []complex128, ncoils, samples int, seed uint64) {
	rng := rand.New(rand.NewPCG(seed, 0x6c61726d6f72)) // "larmor"
	z := make([]complex128, ncoils)
	for s := range samples {
		for c := range z {
			// A unit complex normal: real and imaginary parts of variance 1/2.
			z[c] = complex(rng.NormFloat64()*math.Sqrt2/2, rng.NormFloat64()*math.Sqrt2/2)
		}
		for c := range ncoils {
			var v complex128
			for k := 0; k <= c; k++ {
				v += l[c*ncoils+k] * z[k]
			}
			acc[c*samples+s] += v
		}
	}
}

// readout64Go is readout16Go for 64 spins in eight groups of eight: group
// g has its real parts at v[16g:16g+8] and imaginary parts at
// v[16g+8:16g+16], p likewise. Per lane the sum is
// ((g0+g1)+(g2+g3)) + ((g4+g5)+(g6+g7)); over lanes u_l = s_l + s_{l+4},
// then (u0+u1) + (u2+u3), the order of the assembly.
func readout64Go(a []complex128, v, p *[128]float64) {
	for j := range a {
		for g := range 8 {
			for l := range 8 {
				r, i := v[16*g+l], v[16*g+8+l]
				pr, pi := p[16*g+l], p[16*g+8+l]
				v[16*g+l], v[16*g+8+l] = r*pr-i*pi, i*pr+r*pi
			}
		}
		var u [8]float64 // 4 real, 4 imaginary
		for l := range 4 {
			for h, off := range [2]int{0, 8} {
				sum := func(l int) float64 {
					return ((v[off+l] + v[16+off+l]) + (v[32+off+l] + v[48+off+l])) +
						((v[64+off+l] + v[80+off+l]) + (v[96+off+l] + v[112+off+l]))
				}
				u[4*h+l] = sum(l) + sum(l+4)
			}
		}
		a[j] += complex((u[0]+u[1])+(u[2]+u[3]), (u[4]+u[5])+(u[6]+u[7]))
	}
}

// readout16Go advances 16 spins through len(a) readout steps: every value
// is multiplied by its phasor and a[j] gains their sum. v and p hold four
// groups of four spins, each as 4 real parts then 4 imaginary parts; the
// sum is ((g0+g1)+(g2+g3)) per lane, then ((l0+l1)+(l2+l3)) over lanes,
// the order of the assembly.
func readout16Go(a []complex128, v, p *[32]float64) {
	for j := range a {
		var sr, si [4]float64
		for g := range 4 {
			for l := range 4 {
				r, i := v[8*g+l], v[8*g+4+l]
				pr, pi := p[8*g+l], p[8*g+4+l]
				v[8*g+l], v[8*g+4+l] = r*pr-i*pi, i*pr+r*pi
			}
		}
		for l := range 4 {
			sr[l] = (v[l] + v[8+l]) + (v[16+l] + v[24+l])
			si[l] = (v[4+l] + v[12+l]) + (v[20+l] + v[28+l])
		}
		a[j] += complex((sr[0]+sr[1])+(sr[2]+sr[3]), (si[0]+si[1])+(si[2]+si[3]))
	}
}

// centreSample returns the sample of an ADC event nearest the k-space
// centre (smallest |k|; the first of equals), ISMRMRD's center_sample, in
// acquisition order: n/2 for a Cartesian line read left to right, n/2 − 1
// for one read right to left (an EPI's reversed lines). When k does not
// move during the event (no readout gradient) it is n/2.
func centreSample(kx []float32, n int) int {
	best, bestK, worstK := n/2, math.Inf(1), 0.0
	for j := range n {
		k := math.Hypot(math.Hypot(float64(kx[3*j]), float64(kx[3*j+1])), float64(kx[3*j+2]))
		if k < bestK {
			best, bestK = j, k
		}
		worstK = max(worstK, k)
	}
	if worstK-bestK <= 1e-6*max(worstK, 1) {
		return n / 2
	}
	return best
}
