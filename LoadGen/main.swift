import LoadGenKit
