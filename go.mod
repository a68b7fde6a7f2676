module github.com/ownermap/ownermap

go 1.26
