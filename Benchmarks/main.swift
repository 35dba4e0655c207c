// `swift run -c release benchmarks --help` lists the flags.
#if canImport(Glibc)
import Glibc
#endif

DebugBanner.printIfDebug()
let options = BenchmarkOptions.parseOrExit()
let command = BenchmarkCommand(options: options, registry: BenchmarkRegistry.cases(options),
                               goals: EngineGoals.all(threads: options.maxThreads))
exit(await command.run())
