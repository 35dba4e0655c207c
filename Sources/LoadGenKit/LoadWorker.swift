import CreditMeter
import MeterTools

/// The worker loops: send debits until the stop flag is set, book every decision.
enum LoadWorker {
    /// The loop of one OS thread (every API but `actor`).
    static func runThread(index: Int, context: LoadContext) -> WorkerState {
        context.workerStarted()
        var state = context.newState()
        var rng = context.generator(for: index)
        var pacer = OpenLoopPacer(gap: context.gapNanoseconds, worker: index, of: context.config.threads, stop: context.stop)
        let engine = context.engine
        let picker = context.picker
        let cell = context.cells[index]
        switch context.config.api {
        case .handle, .id, .actor:
            let byID = context.config.api == .id
            while !context.stop.isStopped {
                state.publishIfDue(tick: context.tick, cell: cell)
                let pick = picker.next(using: &rng)
                let (start, epoch) = context.epoch(afterWaiting: {
                    pacer.start(whileWaiting: { state.publishIfDue(tick: context.tick, cell: cell) })
                })
                guard let start else { break }
                let decision = byID
                    ? engine.debitByID(account: pick.account, feature: pick.feature, quantity: pick.quantity, seat: pick.seat)
                    : engine.debit(account: pick.account, feature: pick.feature, quantity: pick.quantity, seat: pick.seat)
                let end = MonotonicClock.now()
                state.settle(decision, for: pick, cost: context.cost(of: pick), ruleRefusal: context.ruleRefusal(of: pick), epoch: epoch, nanoseconds: end &- start)
            }
        case .batch:
            runBatches(context: context, state: &state, rng: &rng, pacer: &pacer, cell: cell,
                       request: { engine.batchDebit(account: $0.account, feature: $0.feature, quantity: $0.quantity, seat: $0.seat) },
                       send: { engine.debit(batch: $0, into: &$1) })
        case .handleBatch:
            runBatches(context: context, state: &state, rng: &rng, pacer: &pacer, cell: cell,
                       request: { engine.handleBatchDebit(account: $0.account, feature: $0.feature, quantity: $0.quantity, seat: $0.seat) },
                       send: { engine.debit(batch: $0, into: &$1) })
        }
        context.gate.workerFinished()
        state.publish(to: cell)
        return state
    }

    /// Sends batches of `--batch` debits until the stop flag is set (the `batch` and
    /// `handle-batch` APIs). Every debit of a batch is timed from the batch's intended send
    /// time, its last debit's intended start: in open loop the wait for the batch to fill
    /// is LoadGen's choice, not the engine's queueing (found by a review: at `--rate 1000`
    /// it put 62 ms into the median), while a stalled engine still shows, since the next
    /// batch's intended times pass during the stall.
    /// - Parameters:
    ///   - request: the engine value for one pick.
    ///   - send: debits one batch, appending its decisions.
    private static func runBatches<Request>(
        context: LoadContext, state: inout WorkerState, rng: inout Xoshiro256, pacer: inout OpenLoopPacer,
        cell: ProgressCell, request: (DebitPicker.Pick) -> Request, send: ([Request], inout [DebitDecision]) -> Void
    ) {
        let size = context.config.batch
        var picks: [DebitPicker.Pick] = []
        var requests: [Request] = []
        var starts: [UInt64] = []
        var decisions: [DebitDecision] = []
        picks.reserveCapacity(size)
        requests.reserveCapacity(size)
        starts.reserveCapacity(size)
        decisions.reserveCapacity(size)
        while !context.stop.isStopped {
            state.publishIfDue(tick: context.tick, cell: cell)
            picks.removeAll(keepingCapacity: true)
            requests.removeAll(keepingCapacity: true)
            starts.removeAll(keepingCapacity: true)
            decisions.removeAll(keepingCapacity: true)  // the engine appends
            // The epoch is taken just before the batch: the pacer's waits are outside it.
            let (_, epoch) = context.epoch(afterWaiting: {
                for _ in 0..<size {
                    guard let start = pacer.start(whileWaiting: { state.publishIfDue(tick: context.tick, cell: cell) }) else { break }
                    let pick = context.picker.next(using: &rng)
                    picks.append(pick)
                    requests.append(request(pick))
                    starts.append(start)
                }
            })
            if picks.isEmpty { break }
            send(requests, &decisions)
            let end = MonotonicClock.now()
            let ready = starts[starts.count - 1]
            // A decision missing (or one too many) is a lost debit for the audit, not a trap.
            let answered = min(picks.count, decisions.count)
            state.book.unanswered &+= UInt64(max(picks.count, decisions.count) - answered)
            for i in 0..<answered {
                state.settle(decisions[i], for: picks[i], cost: context.cost(of: picks[i]), ruleRefusal: context.ruleRefusal(of: picks[i]), epoch: epoch, nanoseconds: end &- ready)
            }
        }
    }

    /// The loop of one task for the `actor` API: one actor hop per debit.
    static func runTask(index: Int, context: LoadContext) async -> WorkerState {
        context.workerStarted()
        var state = context.newState()
        var rng = context.generator(for: index)
        var pacer = OpenLoopPacer(gap: context.gapNanoseconds, worker: index, of: context.config.threads, stop: context.stop)
        let cell = context.cells[index]
        while !context.stop.isStopped {
            state.publishIfDue(tick: context.tick, cell: cell)
            let pick = context.picker.next(using: &rng)
            let paced = context.pacedThroughGate  // parked while the pacer waits, as in `LoadContext.epoch(afterWaiting:)`
            if paced { context.gate.leave() }
            let start = await pacer.startFromTask(whileWaiting: { state.publishIfDue(tick: context.tick, cell: cell) })
            let epoch = paced ? await context.gate.enterFromTask() : await context.gate.epochFromTask()
            guard let start else { break }
            let decision = await context.engine.debitThroughActor(
                account: pick.account, feature: pick.feature, quantity: pick.quantity, seat: pick.seat)
            let end = MonotonicClock.now()
            state.settle(decision, for: pick, cost: context.cost(of: pick), ruleRefusal: context.ruleRefusal(of: pick), epoch: epoch, nanoseconds: end &- start)
        }
        context.gate.workerFinished()
        state.publish(to: cell)
        return state
    }
}
