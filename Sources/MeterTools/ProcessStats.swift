#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Resource usage of the current process: CPU time and resident memory.
///
/// Read it before and after a measured run and report the differences (CPU) or the peak
/// (memory). Each call makes one or two system calls; not for hot paths.
public struct ProcessStats: Sendable, Equatable, Codable {
    /// CPU time spent in user mode by all threads, in nanoseconds.
    public let userCPUNanoseconds: UInt64
    /// CPU time spent in the kernel on behalf of all threads, in nanoseconds.
    public let systemCPUNanoseconds: UInt64
    /// Current resident set size in bytes (`VmRSS`), or `nil` off Linux.
    public let residentBytes: UInt64?
    /// Peak resident set size in bytes since the process started (`VmHWM`), or `nil` off
    /// Linux.
    public let peakResidentBytes: UInt64?

    /// User plus system CPU time, in nanoseconds.
    public var totalCPUNanoseconds: UInt64 { userCPUNanoseconds &+ systemCPUNanoseconds }

    /// Reads the current figures.
    /// - Returns: CPU times from `getrusage(RUSAGE_SELF)` and memory from
    ///   `/proc/self/status`; fields that cannot be read are 0 (CPU) or `nil` (memory).
    public static func current() -> ProcessStats {
        var usage = rusage()
        #if canImport(Glibc)
        let ok = getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage) == 0
        #else
        let ok = getrusage(RUSAGE_SELF, &usage) == 0
        #endif
        let status = readProcSelfStatus()
        return ProcessStats(
            userCPUNanoseconds: ok ? nanoseconds(usage.ru_utime) : 0,
            systemCPUNanoseconds: ok ? nanoseconds(usage.ru_stime) : 0,
            residentBytes: status.flatMap { kibibytes(field: "VmRSS:", in: $0) },
            peakResidentBytes: status.flatMap { kibibytes(field: "VmHWM:", in: $0) }
        )
    }

    private static func nanoseconds(_ time: timeval) -> UInt64 {
        UInt64(max(time.tv_sec, 0)) &* 1_000_000_000 &+ UInt64(max(time.tv_usec, 0)) &* 1_000
    }

    /// The text of `/proc/self/status`, or `nil` where there is no procfs.
    ///
    /// Read with `read(2)` until end of file: procfs reports a size of 0, so APIs that trust
    /// the size read nothing.
    private static func readProcSelfStatus() -> String? {
        #if os(Linux)
        let descriptor = open("/proc/self/status", O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let got = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard got > 0 else { break }
            bytes.append(contentsOf: chunk[0..<got])
        }
        return String(decoding: bytes, as: UTF8.self)
        #else
        return nil
        #endif
    }

    /// Parses a line such as `VmHWM:     12345 kB` into bytes.
    internal static func kibibytes(field: String, in status: String) -> UInt64? {
        for line in status.split(separator: "\n") where line.hasPrefix(field) {
            let number = line.dropFirst(field.count).split(whereSeparator: { $0 == " " || $0 == "\t" }).first
            return number.flatMap { UInt64($0) }.map { $0 &* 1024 }
        }
        return nil
    }
}
