/// The warning printed when the harness was built without optimization.
enum DebugBanner {
    /// Prints a loud banner on standard output and standard error in debug builds;
    /// nothing in release builds.
    static func printIfDebug() {
        #if DEBUG
        let banner = """
            ################################################################
            ##  DEBUG BUILD: these numbers are meaningless.               ##
            ##  Run:  swift run -c release benchmarks                     ##
            ################################################################

            """
        print(banner)
        StandardError.write(banner)
        #endif
    }
}
