package seq_test

import (
	"bufio"
	"bytes"
	"math"
	"math/cmplx"
	"sort"
	"strings"
	"testing"

	"github.com/larmor-mri/larmor/bloch/seq"
	"github.com/larmor-mri/larmor/kspace"
)

// spiralCases are spirals whose gradients are limited by the slew rate
// only (a: kmax = 160 /m below MaxGrad²/MaxSlew = 454 /m), and by both the
// slew rate and the amplitude (b: 20 mT/m, switching at 113 /m; c: kmax
// = 500 /m), with one, four and sixteen interleaves.
func spiralCases() []seq.SpiralParams {
	weak := seq.DefaultSystem()
	weak.MaxGrad = 20e-3 * kspace.Gamma1H
	return []seq.SpiralParams{
		{Matrix: 64, FOV: 0.2},
		{Matrix: 64, FOV: 0.2, Interleaves: 4, System: &weak, DummyScans: 1, TE: 3e-3, TR: 20e-3},
		{Matrix: 256, Interleaves: 16, Dwell: 2e-6},
	}
}

// spiralReadout is one interleave's readout block and where its samples
// start in seq.KSpace.
type spiralReadout struct {
	b     *seq.Block
	start float64 // block start from the sequence start [s]
	first int     // index of its first sample in KSpace
}

func spiralReadouts(s *seq.Sequence) []spiralReadout {
	var r []spiralReadout
	var t float64
	n := 0
	for i := range s.Blocks {
		b := &s.Blocks[i]
		if b.ADC != nil {
			r = append(r, spiralReadout{b, t, n})
			n += b.ADC.Samples
		}
		t += b.Duration
	}
	return r
}

// lambdaOf returns the spiral constant of an Archimedean spiral with
// interleaves arms at the Nyquist spacing 1/FOV: successive turns of one
// arm are interleaves/FOV = 2πλ apart.
func lambdaOf(interleaves int, fov float64) float64 {
	return float64(interleaves) / (2 * math.Pi * fov)
}

// spiralDistance returns the distance [1/m] from p to the Archimedean
// spiral λθ·e^{i(θ+α)}, θ ≥ 0, by Newton's method on |c(θ) − p|² from the
// points where the curve crosses the ray through p.
func spiralDistance(p complex128, lambda, alpha float64) float64 {
	p *= cmplx.Rect(1, -alpha)
	r, phi := cmplx.Abs(p), cmplx.Phase(p)
	best := r // the curve's start, the origin
	m0 := math.Floor((r/lambda - phi) / (2 * math.Pi))
	for m := m0 - 1; m <= m0+2; m++ {
		th := math.Max(0, phi+2*math.Pi*m)
		for range 30 {
			e := cmplx.Rect(lambda*th, th) - p
			d1 := cmplx.Rect(lambda, th) * complex(1, th)  // dc/dθ
			d2 := cmplx.Rect(lambda, th) * complex(-th, 2) // d²c/dθ²
			f := real(cmplx.Conj(e) * d1)
			fp := real(cmplx.Conj(d1)*d1) + real(cmplx.Conj(e)*d2)
			if fp <= 0 {
				break
			}
			next := math.Max(0, th-f/fp)
			if math.Abs(next-th) <= 1e-13*(1+th) {
				break
			}
			th = next
		}
		best = math.Min(best, cmplx.Abs(cmplx.Rect(lambda*th, th)-p))
	}
	return best
}

// spiralKTol is the largest distance [1/m] allowed between a played
// sample and the designed spiral. The played k is the integral of
// Pulseq's polyline through the raster-cell samples; at raster edge J it
// differs from the design by Δt·(g_J − g_{J−1})/8 (the polyline's excess
// area over each cell is Δt·(g_{j−1} − 2g_j + g_{j+1})/8, which
// telescopes), at most MaxSlew·Δt²/8; between edges the played path and
// the spiral both bow from their chord by at most about that, in the same
// direction. A sweep of FOV 0.1–0.5 m, 1–32 interleaves, 80–200 T/m/s,
// 10–80 mT/m and rasters of 4 and 10 µs gave at most 1.001·MaxSlew·Δt²/8;
// 10% margin.
func spiralKTol(sys seq.System) float64 {
	return 1.1 * sys.MaxSlew * sys.GradRaster * sys.GradRaster / 8
}

// TestSpiralTrajectory checks the k-space position of every ADC sample
// (seq.KSpace) against the closed form of the Archimedean spiral:
// interleave i lies on λθ·e^{i(θ + 2πi/I)} with λ = I/(2π·FOV), to
// spiralKTol, with kz = 0 (1e-6 /m); its last sample reaches kmax =
// N/(2·FOV); the spiral starts TE after the pulse centre (1 ns) with the
// ADC, whose first sample is within spiralKTol + MaxSlew·Δt·dwell of
// the centre; labels LIN count the interleaves; and along each of 32 rays
// successive turns of all interleaves cross at radial steps of at most
// 1/FOV (Nyquist) up to kmax, to twice spiralKTol plus the sagitta of the
// line between two samples, MaxSlew·dwell²/8, at each of the two
// crossings.
func TestSpiralTrajectory(t *testing.T) {
	for _, p := range spiralCases() {
		s, err := seq.Spiral(p)
		if err != nil {
			t.Fatal(err)
		}
		if s.Traj != kspace.Spiral {
			t.Errorf("trajectory %v, want spiral", s.Traj)
		}
		ni := max(p.Interleaves, 1)
		fov := s.Encoding.FOV[0]
		lambda := lambdaOf(ni, fov)
		kmax := float64(p.Matrix) / (2 * fov)
		tol := spiralKTol(s.System)
		k := s.KSpace()
		ro := spiralReadouts(s)
		if len(ro) != ni {
			t.Fatalf("%d readouts, want %d", len(ro), ni)
		}
		// TE: from the pulse centre before each readout to its ADC start.
		var tStart, tCentre float64
		arm := 0
		for i := range s.Blocks {
			b := &s.Blocks[i]
			if b.RF != nil {
				tCentre = tStart + b.RF.Delay + b.RF.Center
			}
			if b.ADC != nil {
				if te := tStart + b.ADC.Delay - tCentre; math.Abs(te-s.Params.TE) > 1e-9 {
					t.Errorf("interleave %d starts %g s after the pulse, TE %g", arm, te, s.Params.TE)
				}
				arm++
			}
			tStart += b.Duration
		}
		if p.TE != 0 && math.Abs(s.Params.TE-p.TE) > s.System.BlockRaster/2+1e-12 {
			t.Errorf("TE %g, asked %g", s.Params.TE, p.TE)
		}
		var worst float64
		const rays = 32
		radii := make([][]float64, rays) // crossing radii of every interleave, per ray
		dwell := ro[0].b.ADC.Dwell
		for i, r := range ro {
			if l := r.b.Labels; len(l) != 1 || l[0].Label != seq.LIN || l[0].Value != i {
				t.Fatalf("readout %d labels %v", i, l)
			}
			alpha := 2 * math.Pi * float64(i) / float64(ni)
			ks := k[r.first : r.first+r.b.ADC.Samples]
			for j, v := range ks {
				d := spiralDistance(complex(v[0], v[1]), lambda, alpha)
				worst = math.Max(worst, d)
				if !(d <= tol) || math.Abs(v[2]) > 1e-6 {
					t.Fatalf("interleave %d sample %d: k %v is %g /m from the spiral (tolerance %g)", i, j, v, d, tol)
				}
			}
			// The played k is at most spiralKTol from 0 at the spiral's
			// start and moves at most MaxSlew·Δt·(dwell/2) by sample 0: the
			// gradient starts at zero half a raster before it.
			if k0 := math.Hypot(ks[0][0], ks[0][1]); k0 > tol+s.System.MaxSlew*s.System.GradRaster*dwell {
				t.Errorf("interleave %d: first sample at |k| = %g /m", i, k0)
			}
			last := ks[len(ks)-1]
			if kl := math.Hypot(last[0], last[1]); !(kl >= kmax) {
				t.Errorf("interleave %d ends at |k| = %g /m, short of kmax %g", i, kl, kmax)
			}
			for m := range rays {
				radii[m] = append(radii[m], rayCrossings(ks, 2*math.Pi*float64(m)/rays, kmax)...)
			}
		}
		t.Logf("N %d, %d interleaves: farthest sample %.4f /m from the spiral (%.3f of MaxSlew·Δt²/8)",
			p.Matrix, ni, worst, worst/(tol/1.1))
		gapTol := 2*tol + s.System.MaxSlew*dwell*dwell/4
		var widest float64
		for m, rs := range radii {
			sort.Float64s(rs)
			if len(rs) < int(kmax*fov)-1 {
				t.Fatalf("ray %d: %d crossings below kmax = %g/FOV", m, len(rs), kmax*fov)
			}
			for j := 1; j < len(rs); j++ {
				widest = math.Max(widest, rs[j]-rs[j-1])
			}
			if gap := kmax - rs[len(rs)-1]; gap > 1/fov+gapTol {
				t.Errorf("ray %d: no crossing in the last %g /m below kmax", m, gap)
			}
		}
		t.Logf("widest radial gap %.4f /m, 1/FOV = %.4f /m", widest, 1/fov)
		if !(widest <= 1/fov+gapTol) {
			t.Errorf("widest radial gap %g /m exceeds Nyquist 1/FOV = %g (tolerance %g)", widest, 1/fov, gapTol)
		}
	}
}

// rayCrossings returns the radii at which the path ks crosses the ray at
// angle beta counter-clockwise, up to kmax, interpolating linearly between
// samples.
func rayCrossings(ks [][3]float64, beta, kmax float64) []float64 {
	var r []float64
	s, c := math.Sincos(beta)
	for j := 1; j < len(ks); j++ {
		a, b := ks[j-1], ks[j]
		sa, sb := -s*a[0]+c*a[1], -s*b[0]+c*b[1] // signed distances from the ray's line
		if !(sa < 0 && sb >= 0) {
			continue
		}
		f := sa / (sa - sb)
		x, y := a[0]+f*(b[0]-a[0]), a[1]+f*(b[1]-a[1])
		if rad := c*x + s*y; rad > 0 && rad <= kmax {
			r = append(r, rad)
		}
	}
	return r
}

// TestSpiralLimits computes the gradient amplitude and slew rate from the
// samples of every interleave, as vectors (x, y), and checks that they
// never exceed MaxGrad (to 1e-12: the rotation by the interleave angle
// rounds each sample by a few ulp) and MaxSlew (to 1e-9: the same rounding
// over differences of 1e-2 of the samples); that the design uses the slew
// limit (≥ 0.99·MaxSlew) before it reaches MaxGrad, and once it reaches
// MaxGrad stays there until the ramp-down; and that it is time-optimal:
// the first sample at |k| ≥ kmax comes at most 4 rasters and a dwell
// later than ∫ ds / min(MaxGrad, √(MaxSlew/κ)) along the spiral, a lower
// bound for any path within the limits (the centripetal part of the slew,
// |g|²κ, cannot exceed MaxSlew), computed by the midpoint rule with 10⁵
// steps from the closed-form arc length and curvature.
func TestSpiralLimits(t *testing.T) {
	for ci, p := range spiralCases() {
		s, err := seq.Spiral(p)
		if err != nil {
			t.Fatal(err)
		}
		sys := s.System
		ni := max(p.Interleaves, 1)
		fov := s.Encoding.FOV[0]
		lambda := lambdaOf(ni, fov)
		kmax := float64(p.Matrix) / (2 * fov)
		k := s.KSpace()
		for i, r := range spiralReadouts(s) {
			gx, gy := r.b.Gx, r.b.Gy
			if gx.IsTrapezoid() || gy.IsTrapezoid() || len(gx.Times) != len(gy.Times) || gx.Delay != gy.Delay {
				t.Fatalf("interleave %d: readout gradients are not matching arbitrary gradients", i)
			}
			mag := make([]float64, len(gx.Times))
			peakSlew, ampFrom := 0.0, -1
			for j := range gx.Times {
				if gx.Times[j] != gy.Times[j] {
					t.Fatalf("interleave %d: x and y corner %d at different times", i, j)
				}
				mag[j] = math.Hypot(gx.Waveform[j], gy.Waveform[j])
				if mag[j] > sys.MaxGrad*(1+1e-12) {
					t.Fatalf("interleave %d corner %d: |g| = %g exceeds MaxGrad %g", i, j, mag[j], sys.MaxGrad)
				}
				if ampFrom < 0 && mag[j] >= sys.MaxGrad*(1-1e-9) {
					ampFrom = j
					if peakSlew < 0.99*sys.MaxSlew {
						t.Errorf("interleave %d: slew rate %.4g before MaxGrad, below the limit %.4g", i, peakSlew, sys.MaxSlew)
					}
				}
				if j > 0 {
					dt := gx.Times[j] - gx.Times[j-1]
					sl := math.Hypot(gx.Waveform[j]-gx.Waveform[j-1], gy.Waveform[j]-gy.Waveform[j-1]) / dt
					if sl > sys.MaxSlew*(1+1e-9) {
						t.Fatalf("interleave %d corner %d: slew %g exceeds MaxSlew %g", i, j, sl, sys.MaxSlew)
					}
					peakSlew = math.Max(peakSlew, sl)
				}
			}
			if wantAmp := ci > 0; wantAmp != (ampFrom >= 0) {
				t.Errorf("interleave %d: reaches MaxGrad: %v, want %v", i, ampFrom >= 0, wantAmp)
			}
			if ampFrom >= 0 {
				// At MaxGrad from there on, then down to zero without rising.
				j := ampFrom
				for j < len(mag) && mag[j] >= sys.MaxGrad*(1-1e-9) {
					j++
				}
				for ; j < len(mag); j++ {
					if mag[j] > mag[j-1] {
						t.Fatalf("interleave %d corner %d: |g| rises again after leaving MaxGrad", i, j)
					}
				}
			}
			// Time to kmax against the lower bound.
			a := r.b.ADC
			reach := -1.0
			for j := range a.Samples {
				if v := k[r.first+j]; math.Hypot(v[0], v[1]) >= kmax {
					reach = (float64(j) + 0.5) * a.Dwell
					break
				}
			}
			lb := minSpiralTime(lambda, kmax/lambda, sys.MaxGrad, sys.MaxSlew)
			if !(reach >= lb && reach <= lb+4*sys.GradRaster+a.Dwell) {
				t.Errorf("interleave %d reaches kmax after %.5f ms; lower bound %.5f ms", i, reach*1e3, lb*1e3)
			}
			if i == 0 {
				t.Logf("N %d, %d interleaves: kmax after %.4f ms, %.2f rasters above the lower bound %.4f ms",
					p.Matrix, ni, reach*1e3, (reach-lb)/sys.GradRaster, lb*1e3)
			}
		}
	}
}

// minSpiralTime returns ∫₀^θmax |c'(θ)| / min(gmax, √(smax/κ(θ))) dθ for
// c(θ) = λθ·e^{iθ}: |c'| = λ√(1+θ²), κ = (2+θ²)/(λ(1+θ²)^{3/2}).
func minSpiralTime(lambda, thetaMax, gmax, smax float64) float64 {
	const steps = 100000
	h := thetaMax / steps
	var sum float64
	for i := range steps {
		th := (float64(i) + 0.5) * h
		q := 1 + th*th
		kappa := (1 + q) / (lambda * q * math.Sqrt(q))
		sum += lambda * math.Sqrt(q) / math.Min(gmax, math.Sqrt(smax/kappa)) * h
	}
	return sum
}

// TestSpiralRoundTrip writes the spirals to Pulseq and reads them back: the
// events are the same (diffSeq: times to 1e-12 s, waveform samples to
// 1e-9 of their peak, well within the 17 significant digits the writer
// prints), the spiral gradients are stored as raster-sampled shapes with
// the default timing (time shape id 0, as MATLAB's makeArbitraryGrad
// writes them), the read-back sequence passes Check, every sample's k
// agrees to 1e-9 /m, and writing it again gives the same bytes.
func TestSpiralRoundTrip(t *testing.T) {
	for _, p := range spiralCases() {
		s, err := seq.Spiral(p)
		if err != nil {
			t.Fatal(err)
		}
		var w1 bytes.Buffer
		if err := seq.WritePulseq(&w1, s); err != nil {
			t.Fatal(err)
		}
		rows := gradientRows(t, w1.Bytes())
		if len(rows) == 0 {
			t.Fatal("no [GRADIENTS] rows")
		}
		for _, f := range rows {
			if len(f) != 7 || f[5] != "0" {
				t.Errorf("gradient row %q: want 7 fields with time shape id 0", strings.Join(f, " "))
			}
		}
		r, info, err := seq.ReadPulseq(bytes.NewReader(w1.Bytes()), "spiral.seq")
		if err != nil {
			t.Fatal(err)
		}
		if len(info.Warnings) != 0 || info.Signature.Status != seq.SignatureOK {
			t.Errorf("warnings %v, signature %v", info.Warnings, info.Signature.Status)
		}
		if d := diffSeq(s, r, false); d != "" {
			t.Fatalf("write → read: %s", d)
		}
		if err := r.Check(); err != nil {
			t.Error(err)
		}
		compareKSpace(t, s, r, 1e-9)
		var w2 bytes.Buffer
		if err := seq.WritePulseq(&w2, r); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(w1.Bytes(), w2.Bytes()) {
			t.Error("the read-back spiral writes different bytes")
		}
	}
}

// gradientRows returns the fields of the data rows of a Pulseq file's
// [GRADIENTS] section.
func gradientRows(t *testing.T, data []byte) [][]string {
	t.Helper()
	var rows [][]string
	in := false
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(line, "["):
			in = line == "[GRADIENTS]"
		case in && line != "" && !strings.HasPrefix(line, "#"):
			rows = append(rows, strings.Fields(line))
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestSpiralErrors checks that bad parameters give errors naming them.
func TestSpiralErrors(t *testing.T) {
	for _, c := range []struct {
		p    seq.SpiralParams
		want string
	}{
		{seq.SpiralParams{Matrix: 1}, "matrix 1"},
		{seq.SpiralParams{Matrix: 16, Interleaves: 17}, "17 interleaves"},
		{seq.SpiralParams{Interleaves: -1}, "-1 interleaves"},
		{seq.SpiralParams{FOV: -0.2}, "field of view -0.2"},
		{seq.SpiralParams{SliceThickness: math.NaN()}, "slice thickness NaN"},
		{seq.SpiralParams{FlipAngle: -1}, "flip angle -1"},
		{seq.SpiralParams{Dwell: math.Inf(1)}, "dwell +Inf"},
		{seq.SpiralParams{DummyScans: -2}, "dummy scans"},
		{seq.SpiralParams{Matrix: 32, TE: 1e-3}, "TE 1.000 ms is shorter"},
		{seq.SpiralParams{Matrix: 32, TR: 5e-3}, "TR 5.000 ms is shorter"},
		{seq.SpiralParams{Matrix: 2048}, "longer than 200000 gradient rasters"},
	} {
		_, err := seq.Spiral(c.p)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: got %v, want an error mentioning %q", c.p, err, c.want)
		}
	}
}
