"""What every case kind's flow shares. A kind's flow is a viewflow `Flow` with this mixin:

    class PetitionFlow(CaseFlowMixin, flow.Flow):
        start = flow.StartHandle(this.begin).Next(this.classify)
        reopen = flow.StartHandle(this.begin).Next(this.classify)   # if the kind reopens
        classify = UnitTask(...)

`workflows.acting` starts a run with `start.run(case=case)` and a reopened run with
`reopen.run(case=case)`; the case becomes the process's artifact.
"""

from viewflow.workflow import lock


class CaseFlowMixin:
    # Row lock on the process: two officers completing one task serialise, and the second
    # finds the task done (PostgreSQL; SQLite serialises writers anyway).
    lock_impl = lock.select_for_update_lock

    def begin(self, activation, *, case):
        activation.process.artifact = case
        return case
