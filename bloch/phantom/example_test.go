package phantom_test

import (
	"fmt"

	"github.com/larmor-mri/larmor/bloch/phantom"
)

// T1 lengthens with the field: white matter's T1 = 0.583·B0^0.382 s
// (Gach et al. 2008) is 0.68 s at 1.5 T and 0.89 s at 3 T, while its T2
// of 80 ms does not change.
func ExampleTissueAt() {
	wm, _ := phantom.TissueAt(phantom.SheppLogan2DEllipses(), 0, 0.35)
	fmt.Printf("%s: M0 %.3f, T1 %.2f s at 1.5 T, %.2f s at 3 T, T2 %.0f ms\n", wm.Name, wm.M0, wm.T1(1.5), wm.T1(3), wm.T2*1e3)
	// Output: white matter: M0 0.617, T1 0.68 s at 1.5 T, 0.89 s at 3 T, T2 80 ms
}
