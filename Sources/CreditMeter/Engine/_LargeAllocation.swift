#if canImport(Glibc)
import Glibc
#endif

/// Memory for the engine's large structures (arena chunks, registry tables).
///
/// Accounts are touched at random, so with 4 KiB pages nearly every debit over a large
/// ledger also misses the TLB. Blocks of 2 MiB or more are aligned to 2 MiB and offered to
/// the kernel as transparent huge pages (`MADV_HUGEPAGE`; Linux "madvise" mode), which
/// cuts those misses. Smaller blocks, and other systems, use ordinary allocation.
enum _LargeAllocation {
    static let hugePage = 2 << 20

    /// Allocates `bytes` aligned to at least `alignment`.
    /// - Returns: memory to release with ``deallocate(_:)``.
    static func allocate(bytes: Int, alignment: Int) -> UnsafeMutableRawPointer {
        #if os(Linux)
        if bytes >= hugePage {
            var block: UnsafeMutableRawPointer?
            guard posix_memalign(&block, hugePage, bytes) == 0, let block else {
                fatalError("out of memory allocating \(bytes) bytes")
            }
            _ = madvise(block, bytes, Int32(MADV_HUGEPAGE))
            return block
        }
        #endif
        return UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: alignment)
    }

    /// Releases memory from ``allocate(bytes:alignment:)``.
    static func deallocate(_ block: UnsafeMutableRawPointer, bytes: Int) {
        #if os(Linux)
        if bytes >= hugePage {
            free(block)
            return
        }
        #endif
        block.deallocate()
    }
}
