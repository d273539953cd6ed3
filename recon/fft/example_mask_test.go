package fft_test

import (
	"fmt"
	"math"

	"github.com/larmor-mri/larmor/recon/fft"
)

// ExampleNewPlan_coils transforms the two image dimensions of a
// multi-coil array, [nx, ny, coils] stored x fastest, as `bart fft -u 3`
// does: bitmask 3 names dimensions 0 and 1, and each coil's image is
// transformed on its own. With the unitary scaling every coil keeps its
// energy (Parseval), and Inverse undoes Forward.
func ExampleNewPlan_coils() {
	const nx, ny, coils = 8, 4, 2
	p, err := fft.NewPlan([]int{nx, ny, coils}, 1|2, fft.Options{Scaling: fft.Unitary})
	if err != nil {
		panic(err)
	}
	img := make([]complex64, nx*ny*coils)
	img[(ny/2)*nx+nx/2] = 1 // coil 0: a point at the centre (N/2, N/2)
	for i := nx * ny; i < 2*nx*ny; i++ {
		img[i] = 1 // coil 1: a uniform image
	}
	k := p.Forward(nil, img)
	for c := range coils {
		one := k[c*nx*ny : (c+1)*nx*ny]
		centre := one[(ny/2)*nx+nx/2]
		fmt.Printf("coil %d: k-space centre %.4f, energy image %.0f, k-space %.4f\n",
			c, real(centre), energy(img[c*nx*ny:(c+1)*nx*ny]), energy(one))
	}
	back := p.Inverse(nil, k)
	worst := 0.0
	for i := range img {
		worst = math.Max(worst, math.Abs(float64(real(back[i]-img[i]))))
		worst = math.Max(worst, math.Abs(float64(imag(back[i]-img[i]))))
	}
	fmt.Println("Inverse(Forward(img)) = img within 1e-6:", worst < 1e-6)
	// Output:
	// coil 0: k-space centre 0.1768, energy image 1, k-space 1.0000
	// coil 1: k-space centre 5.6569, energy image 32, k-space 32.0000
	// Inverse(Forward(img)) = img within 1e-6: true
}

// energy returns Σ|x|².
func energy(x []complex64) float64 {
	e := 0.0
	for _, v := range x {
		e += float64(real(v))*float64(real(v)) + float64(imag(v))*float64(imag(v))
	}
	return e
}
