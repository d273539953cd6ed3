package phantom

import (
	"fmt"
	"math"
)

// FatShift is the chemical shift of fat relative to water [1]: −3.4 ppm,
// the main (methylene, 1.3 ppm) peak against water at 4.7 ppm (Hamilton et
// al., "In vivo characterization of the liver fat ¹H MR spectrum", NMR
// Biomed 2011;24:784–790). Fat resonates at FatShift·γ/2π·B0 [Hz] from
// water: −217 Hz at 1.5 T, −434 Hz at 3 T.
const FatShift = -3.4e-6

// gammaHzPerT is γ/2π of ¹H [Hz/T], equal to kspace.Gamma1H (not
// imported, so that phantom depends on nothing else in larmor).
const gammaHzPerT = 42.577478518e6

// BrainTissue is one tissue class of the Brain2D phantom: proton density,
// relaxation times measured at 1.5 T and 3 T, and chemical shift.
type BrainTissue struct {
	Name string
	M0   float64    // proton density relative to pure water [1]
	T1   [2]float64 // at 1.5 T and at 3 T [s]
	T2   [2]float64 // at 1.5 T and at 3 T [s]
	// Shift is the chemical shift relative to water [1] (FatShift for fat,
	// 0 for water-based tissue).
	Shift float64
}

// Relaxation returns T1 and T2 [s] at the field b0 [T]: the 1.5 T values
// at or below 1.5 T, the 3 T values at or above 3 T, and a linear
// interpolation in B0 between them. Outside [1.5 T, 3 T] the values are
// therefore those of the nearer measured field, not literature values for
// b0: T1 keeps lengthening above 3 T, so for 7 T set the Object's T1 and
// T2 from 7 T measurements.
func (t BrainTissue) Relaxation(b0 float64) (t1, t2 float64) {
	w := (b0 - 1.5) / 1.5
	w = math.Max(0, math.Min(1, w))
	return t.T1[0] + w*(t.T1[1]-t.T1[0]), t.T2[0] + w*(t.T2[1]-t.T2[0])
}

// OffResonance returns the tissue's chemical-shift frequency offset from
// water at field b0 [T], Shift·γ/2π·b0 [Hz].
func (t BrainTissue) OffResonance(b0 float64) float64 { return t.Shift * gammaHzPerT * b0 }

// Tissue classes of Brain2D. Sources:
//
//   - white and grey matter T1 and T2 at 1.5 T and 3 T: Stanisz et al.,
//     "T1, T2 relaxation and magnetization transfer in tissue at 3T",
//     Magn Reson Med 2005;54:507–512, Table 1 (bovine brain at 37 °C;
//     white matter T1 884 and 1084 ms, T2 72 and 69 ms; grey matter T1
//     1124 and 1820 ms, T2 95 and 99 ms);
//   - CSF: T1 4.2 s and T2 1.99 s at any field, as in the MR Shepp-Logan
//     phantom of Gach, Tanase and Boada 2008 (SheppLogan2D);
//   - subcutaneous fat T1 and T2: de Bazelaire et al., "MR imaging
//     relaxation times of abdominal and pelvic tissues measured in vivo at
//     3.0 T", Radiology 2004;230:652–659 (T1 343 and 382 ms, T2 58 and
//     68 ms at 1.5 and 3 T);
//   - proton density of white matter, grey matter and CSF: the water
//     content 0.65, 0.78 and 0.97 of Ernst, Kreis and Ross, "Absolute
//     quantitation of water and metabolites in the human brain. I.
//     Compartments and water", J Magn Reson B 1993;102:1–8;
//   - proton density of fat: 0.9, estimated (triolein holds 0.96 times
//     the ¹H density of water, 104 H per 885 g/mol at 0.91 g/ml, and
//     adipose tissue is about 80 % lipid and 10 % water); all fat protons
//     are placed at the main peak, FatShift.
func brainTissues() [numBrainTissues]BrainTissue {
	return [numBrainTissues]BrainTissue{
		brainWM:  {Name: "white matter", M0: 0.65, T1: [2]float64{0.884, 1.084}, T2: [2]float64{0.072, 0.069}},
		brainGM:  {Name: "grey matter", M0: 0.78, T1: [2]float64{1.124, 1.820}, T2: [2]float64{0.095, 0.099}},
		brainCSF: {Name: "csf", M0: 0.97, T1: [2]float64{4.2, 4.2}, T2: [2]float64{1.99, 1.99}},
		brainFat: {Name: "fat", M0: 0.9, T1: [2]float64{0.343, 0.382}, T2: [2]float64{0.058, 0.068}, Shift: FatShift},
	}
}

// Tissue indices of brainTissues; brainNone marks the skull, which holds
// no spins (cortical bone has a T2 far below any echo time simulated here).
const (
	brainNone = iota - 1
	brainWM
	brainGM
	brainCSF
	brainFat
	numBrainTissues
)

// brainRegion is one ellipse of the brain phantom's drawing (Ellipse's
// Tissue is unused) and the index of its tissue.
type brainRegion struct {
	e      Ellipse
	tissue int
}

// brainRegions returns the drawing of Brain2D in the normalised
// coordinates of SheppLogan2DEllipses (the head spans [−1, 1], y up is
// anterior), outermost first; an inner region replaces the tissue of
// those before it.
func brainRegions() []brainRegion {
	r := func(x0, y0, a, b, thetaDeg float64, t int) brainRegion {
		return brainRegion{Ellipse{X0: x0, Y0: y0, A: a, B: b, Theta: deg(thetaDeg)}, t}
	}
	return []brainRegion{
		r(0, 0, 0.63, 0.80, 0, brainFat),
		r(0, 0, 0.59, 0.76, 0, brainNone),
		r(0, 0, 0.545, 0.715, 0, brainCSF),
		r(0, 0, 0.525, 0.695, 0, brainGM),
		r(0, 0, 0.465, 0.635, 0, brainWM),
		r(0, 0.58, 0.015, 0.14, 0, brainCSF),  // interhemispheric fissure, anterior
		r(0, -0.60, 0.015, 0.12, 0, brainCSF), // and posterior
		r(0.145, 0.18, 0.05, 0.085, 0, brainGM),
		r(-0.145, 0.18, 0.05, 0.085, 0, brainGM), // caudate heads
		r(0.055, -0.11, 0.05, 0.085, 0, brainGM),
		r(-0.055, -0.11, 0.05, 0.085, 0, brainGM), // thalami
		r(0.085, 0.17, 0.035, 0.13, -20, brainCSF),
		r(-0.085, 0.17, 0.035, 0.13, 20, brainCSF), // lateral ventricles: frontal horns
		r(0.10, -0.05, 0.03, 0.14, 18, brainCSF),
		r(-0.10, -0.05, 0.03, 0.14, -18, brainCSF), // and bodies running to the atria
		r(0, -0.08, 0.012, 0.07, 0, brainCSF),      // third ventricle
	}
}

// brainIndexAt returns the tissue index at the normalised point (u, v):
// brainNone in the skull and outside the head.
func brainIndexAt(regions []brainRegion, u, v float64) int {
	for i := len(regions) - 1; i >= 0; i-- {
		if regions[i].e.Contains(u, v) {
			return regions[i].tissue
		}
	}
	return brainNone
}

// BrainTissueAt returns the tissue of the Brain2D phantom at the
// normalised point (u, v) (the head spans [−1, 1], v up is anterior:
// patient x = u·FOV/2, y = −v·FOV/2), and false in the skull and outside
// the head, where there are no spins.
func BrainTissueAt(u, v float64) (BrainTissue, bool) {
	t := brainIndexAt(brainRegions(), u, v)
	if t == brainNone {
		return BrainTissue{}, false
	}
	return brainTissues()[t], true
}

// Brain2D returns a brain-like phantom of white matter, grey matter, CSF
// and scalp fat, sampled with one spin at the centre of each voxel of an
// n×n grid covering a square field of view fov [m] in the z = 0 plane,
// for a main field b0 [T].
//
// The drawing is an axial slice at the level of the lateral ventricles,
// made of ellipses (about 160 mm × 205 mm across the scalp at FOV 256 mm):
// scalp fat 5 mm thick, the skull (6 mm, no spins: cortical bone's T2 is
// far below any echo time simulated here), a CSF rim (subarachnoid space,
// 2.5 mm), the cortex (grey matter, 7.7 mm), white matter, the
// interhemispheric fissure (CSF) in front and behind, the heads of the
// caudate nuclei and the thalami (grey matter), the lateral ventricles
// (CSF) with their anterior ends diverging, and the third ventricle.
// BrainTissueAt gives the tissue at any point of it.
//
// The grid is that of SheppLogan2D: voxel (i, j) has its centre at
// x = (i − n/2)·fov/n, y = (j − n/2)·fov/n, z = 0 (integer n/2), and the
// drawing maps to the patient as x = u·fov/2, y = −v·fov/2, so anterior is
// −y and the head appears upright in an axial image. Voxels in the skull
// and outside the head hold no spin.
//
// Tissue values (M0 relative to water; T1, T2 at 1.5 T / 3 T):
//
//	white matter  M0 0.65  T1 0.884 / 1.084 s  T2 72 / 69 ms   (Stanisz 2005; Ernst 1993)
//	grey matter   M0 0.78  T1 1.124 / 1.820 s  T2 95 / 99 ms   (Stanisz 2005; Ernst 1993)
//	CSF           M0 0.97  T1 4.2 s            T2 1.99 s       (Gach 2008; Ernst 1993)
//	fat           M0 0.9   T1 0.343 / 0.382 s  T2 58 / 68 ms   (de Bazelaire 2004), DF −3.4 ppm
//
// At other fields T1 and T2 are interpolated linearly in B0 between 1.5 T
// and 3 T and held at the nearer end outside that range
// (BrainTissue.Relaxation). Fat spins get the off-resonance
// DF = FatShift·γ/2π·b0 (−217.1 Hz at 1.5 T); every other spin has DF = 0.
//
// It returns an error if n is outside [1, 4096] or fov or b0 is not a
// positive finite number.
func Brain2D(n int, fov, b0 float64) (*Object, error) {
	if n < 1 || n > 4096 {
		return nil, fmt.Errorf("phantom: matrix %d outside [1, 4096]", n)
	}
	if !(fov > 0) || math.IsInf(fov, 0) {
		return nil, fmt.Errorf("phantom: field of view %g m is not positive", fov)
	}
	if !(b0 > 0) || math.IsInf(b0, 0) {
		return nil, fmt.Errorf("phantom: B0 %g T is not positive", b0)
	}
	regions := brainRegions()
	tissues := brainTissues()
	var t1, t2, df [numBrainTissues]float64
	for k, t := range tissues {
		t1[k], t2[k] = t.Relaxation(b0)
		df[k] = t.OffResonance(b0)
	}
	o := &Object{}
	dx := fov / float64(n)
	for j := range n {
		y := float64(j-n/2) * dx
		for i := range n {
			x := float64(i-n/2) * dx
			k := brainIndexAt(regions, 2*x/fov, -2*y/fov)
			if k == brainNone {
				continue
			}
			o.X = append(o.X, x)
			o.Y = append(o.Y, y)
			o.Z = append(o.Z, 0)
			o.M0 = append(o.M0, tissues[k].M0)
			o.T1 = append(o.T1, t1[k])
			o.T2 = append(o.T2, t2[k])
			o.DF = append(o.DF, df[k])
		}
	}
	if o.Len() == 0 {
		return nil, fmt.Errorf("phantom: a %d×%d grid places no voxel centre inside the head", n, n)
	}
	return o, nil
}
