#if canImport(Glibc)
import Glibc
#endif

/// The machine and build a run was measured on, for the report header and JSON.
struct MachineInfo: Sendable, Codable {
    /// Online logical CPUs.
    var cpus: Int
    /// The CPU model as `/proc/cpuinfo` names it.
    var cpuModel: String
    /// Total memory from `/proc/meminfo`, in bytes.
    var memoryBytes: UInt64
    /// The kernel release.
    var kernel: String
    /// `release` or `debug`.
    var build: String
    /// The one-minute load average when the run started (other work on a shared box).
    var loadAverage: Double
    /// UTC time the run started, ISO 8601.
    var date: String
    /// The command line that produced the run.
    var command: String

    /// Reads the current machine.
    /// - Parameter command: the command line to record.
    /// - Returns: the description.
    static func current(command: String) -> MachineInfo {
        let cpuinfo = TextFile.read("/proc/cpuinfo") ?? ""
        let model = cpuinfo.split(separator: "\n")
            .first { $0.hasPrefix("model name") }
            .flatMap { $0.split(separator: ":", maxSplits: 1).last }
            .map { $0.trimmingPrefixSpaces() } ?? "unknown"
        let memKiB = (TextFile.read("/proc/meminfo") ?? "").split(separator: "\n")
            .first { $0.hasPrefix("MemTotal:") }
            .flatMap { $0.split(separator: " ").dropFirst().first }
            .flatMap { UInt64($0) } ?? 0
        let kernel = (TextFile.read("/proc/sys/kernel/osrelease") ?? "unknown")
            .split(separator: "\n").first.map(String.init) ?? "unknown"
        let load = (TextFile.read("/proc/loadavg") ?? "").split(separator: " ").first
            .flatMap { Double($0) } ?? 0
        #if DEBUG
        let build = "debug"
        #else
        let build = "release"
        #endif
        return MachineInfo(cpus: Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))), cpuModel: model,
                           memoryBytes: memKiB * 1024, kernel: kernel, build: build,
                           loadAverage: load, date: UTCDate.now(), command: command)
    }
}

extension Substring {
    /// The text without its leading spaces.
    fileprivate func trimmingPrefixSpaces() -> String { String(drop { $0 == " " || $0 == "\t" }) }
}
