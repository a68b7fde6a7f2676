package ownership_test

import (
	"errors"
	"fmt"

	"github.com/ownermap/ownermap/ownership"
)

func ExampleParseSalesforceID() {
	short, _ := ownership.ParseSalesforceID("00558000001N0Ke")
	long, _ := ownership.ParseSalesforceID("00558000001n0keaak")
	fmt.Println(short == long)
	fmt.Println(short.String(), short.Short())
	fmt.Println(short.OwnerKind())
	// Output:
	// true
	// 00558000001N0KeAAK 00558000001N0Ke
	// user
}

func ExampleParseSalesforceID_malformed() {
	_, err := ownership.ParseSalesforceID("00558000001N0Ke6AK")
	var ie *ownership.IDError
	if errors.As(err, &ie) {
		fmt.Println(errors.Is(err, ownership.ErrInvalidSalesforceID), ie.Problem, ie.Index)
	}
	// Output:
	// true impossible checksum suffix 15
}

func ExamplePair_Source() {
	p := ownership.Pair{Salesforce: ownership.MustParseSalesforceID("00558000001N0Ke"), Reply: 42}
	fmt.Println(p.Source(ownership.SalesforceToReply), "→", p.Target(ownership.SalesforceToReply))
	fmt.Println(p.Source(ownership.ReplyToSalesforce), "→", p.Target(ownership.ReplyToSalesforce))
	// Output:
	// 00558000001N0KeAAK → 42
	// 42 → 00558000001N0KeAAK
}
