package ownership_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestCorePackagesImportOnlyStdlibAndModule pins down the dependency rule of
// the core: ownership, syncstep and validate import only the standard
// library and this module, so embedders pull in nothing else. Test-only
// dependencies are not part of "go list -deps" without -test.
func TestCorePackagesImportOnlyStdlibAndModule(t *testing.T) {
	const module = "github.com/ownermap/ownermap"
	pkgs := []string{module + "/ownership", module + "/syncstep", module + "/validate"}
	for _, pkg := range pkgs {
		t.Run(pkg[len(module)+1:], func(t *testing.T) {
			cmd := exec.Command("go", append([]string{"list", "-deps", "-f", "{{.ImportPath}}"}, pkg)...)
			out, err := cmd.Output()
			if err != nil {
				msg := ""
				if ee, ok := err.(*exec.ExitError); ok {
					msg = string(ee.Stderr)
				}
				t.Fatalf("go list -deps %s: %v\n%s", pkg, err, msg)
			}
			deps := strings.Fields(string(out))
			if len(deps) == 0 {
				t.Fatalf("go list -deps %s listed nothing", pkg)
			}
			for _, dep := range deps {
				if !isStdlib(dep) && dep != module && !strings.HasPrefix(dep, module+"/") {
					t.Errorf("%s depends on %s, which is neither the standard library nor this module", pkg, dep)
				}
			}
		})
	}
}

// isStdlib reports whether an import path belongs to the standard library:
// its first element has no dot (golang.org/x/... and github.com/... do).
func isStdlib(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

func TestIsStdlibTellsStandardFromThirdPartyPaths(t *testing.T) {
	for path, want := range map[string]bool{
		"fmt":                          true,
		"encoding/json":                true,
		"internal/abi":                 true,
		"vendor/golang.org/x/net/idna": true,
		"golang.org/x/net/idna":        false,
		"pgregory.net/rapid":           false,
		"github.com/google/go-cmp/cmp": false,
	} {
		if got := isStdlib(path); got != want {
			t.Errorf("isStdlib(%q) = %v, want %v", path, got, want)
		}
	}
}
