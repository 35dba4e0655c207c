import Foundation
import LoadGenKit

// Everything lives in LoadGenKit so tests run it in-process; see docs/LOADGEN.md.
exit(await LoadGenCommand.main(Array(CommandLine.arguments.dropFirst())))
