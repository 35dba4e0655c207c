/// Resets the kernel's peak-resident mark (`VmHWM`) so each case reports its own peak
/// rather than the process's (Linux ≥ 4.0: writing `5` to `/proc/self/clear_refs`).
enum PeakResident {
    /// Lowers `VmHWM` to the current `VmRSS`.
    /// - Returns: whether the kernel accepted the reset (if not, peaks are process-wide).
    @discardableResult
    static func reset() -> Bool { TextFile.write("5", to: "/proc/self/clear_refs") }
}
