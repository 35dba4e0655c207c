/// How long one sample of a case lasts.
enum SampleShape: Sendable, Equatable {
    /// The loop polls its deadline and returns `--sample-ms` after the release.
    case fixedDuration
    /// The loop does a fixed amount of work and ignores the deadline; the case runs
    /// at most `samples` measured samples (and no warm-up), because each is expensive.
    case fixedWork(samples: Int)
}
