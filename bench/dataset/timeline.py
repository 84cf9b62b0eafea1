"""One generated case and everything that happened to it, as COPY lines.

Each case lives a plausible life in the order the services would have written it:
created (with its files and first estimate), picked up by an agent, messages, requests
for information, resolved, confirmed or closed by the system, sometimes reopened or
rated. Its status is where that life stands today, so every row agrees with the others:
a waiting case has exactly one open task, a closed case a resolution and a closing date,
the history holds each status change with the right from/to.
"""

import json
import math
import time
from dataclasses import dataclass, field

from . import text
from .pgload import NULL, escape

DAY = 86_400
HOUR = 3_600
BUSINESS_DAY_SECONDS = 9 * HOUR  # settings.BUSINESS_HOURS: 09:00 to 18:00
REOPEN_WINDOW = 7 * DAY  # settings.CASE_REOPEN_WINDOW_DAYS

# How a case still open today is split among the other open statuses; an untouched
# ("open") case is mostly a recent one.
OPEN_SPLIT = (("in_progress", 0.48), ("waiting_on_seller", 0.36), ("reopened", 0.16))


def stamp(moment: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S+00", time.gmtime(moment))


def _quoted(pool: list[str]) -> list[str]:
    """Each text as a JSON string literal, escaped for COPY: built once, reused."""
    return [escape(json.dumps(value, ensure_ascii=False)) for value in pool]


@dataclass
class CauseInfo:
    """What a generated case copies from its cause (the taxonomy as filed)."""

    pk: int
    area_id: int
    record_type_id: int
    names: str  # the three names, escaped and tab-joined
    reason: str  # JSON string literal of "type / area / cause"
    subjects: list[str]
    sentences: list[str]
    file_fields: list[tuple[str, str, bool]]  # key, label, required
    answer_pool: list[list[dict]]  # non-file answers, serialised as the service would
    target_days: int
    priority: str


@dataclass
class Rows:
    """The COPY lines of one chunk of cases, per table."""

    cases: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    tasks: list[str] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    ratings: list[str] = field(default_factory=list)


@dataclass
class Ids:
    """Where ids come from: the tables' sequences (see pgload.SequenceBlock)."""

    comment: object
    task: object


class CaseLife:
    """Writes cases and their history into Rows, with a seeded random generator."""

    def __init__(self, *, rng, now: float, agents: list[tuple[int, str]], ids: Ids):
        self.rng, self.now, self.agents, self.ids = rng, now, agents, ids
        self.seller_messages = [escape(m) for m in text.SELLER_MESSAGES]
        self.support_messages = [escape(m) for m in text.SUPPORT_MESSAGES]
        self.internal_notes = [escape(m) for m in text.INTERNAL_NOTES]
        self.task_requests = [escape(m) for m in text.TASK_REQUESTS]
        self.task_requests_json = _quoted(text.TASK_REQUESTS)
        self.task_answers = [escape(m) for m in text.TASK_ANSWERS]
        self.reopen_reasons = _quoted(text.REOPEN_REASONS)
        self.rating_comments = [escape(m) for m in text.RATING_COMMENTS]
        self.agent_names = {pk: json.dumps(name, ensure_ascii=False) for pk, name in agents}

    # --- the pieces ------------------------------------------------------------------
    def event(
        self, rows, case_id, kind, actor, at, data="{}", internal=False, *, task=None, comment=None
    ):
        rows.events.append(
            f"{case_id}\t{kind}\t{NULL if actor is None else actor}\t{stamp(at)}\t{data}\t"
            f"{'t' if internal else 'f'}\t{NULL if task is None else task}\t"
            f"{NULL if comment is None else comment}"
        )

    def status(self, rows, case_id, actor, at, before, after, reason=None):
        extra = "" if reason is None else f', "reason": {reason}'
        data = f'{{"from": "{before}", "to": "{after}"{extra}}}'
        self.event(rows, case_id, "status_changed", actor, at, data)

    def attachment(
        self, rows, case_id, user, at, *, comment=None, task=None, key="", internal=False
    ):
        rng = self.rng
        name, content_type, extension, size = rng.choice(text.FILE_KINDS)
        original = name.format(n=rng.randrange(1, 999))
        pk = f"{rng.getrandbits(128):032x}"
        path = f"attachments/{time.strftime('%Y/%m', time.gmtime(at))}/{pk}{extension}"
        rows.attachments.append(
            f"{pk}\t{case_id}\t{NULL if comment is None else comment}\t"
            f"{NULL if task is None else task}\t{key}\t{path}\t{original}\t{content_type}\t"
            f"{extension}\t{int(size * (0.2 + rng.random()))}\t{user}\t{stamp(at)}"
        )
        data = f'{{"attachment_id": "{pk}", "name": "{original}"}}'
        self.event(rows, case_id, "attachment_added", user, at, data, internal)
        return pk, original

    def comment(self, rows, case_id, author, at, body, *, internal=False, support=False):
        pk = self.ids.comment.take()
        rows.comments.append(
            f"{pk}\t{case_id}\t{author}\t{body}\t{'t' if internal else 'f'}\t{stamp(at)}\tf"
        )
        kind = "internal_note" if internal else "comment"
        data = f'{{"from_support": {"true" if support else "false"}}}'
        self.event(rows, case_id, kind, author, at, data, internal, comment=pk)
        return pk

    def notification(self, rows, case_id, at, subject):
        data = f'{{"subject": "{subject}", "to": "seller", "kind": "email"}}'
        self.event(rows, case_id, "notification_sent", None, at + 60, data)

    # --- one case --------------------------------------------------------------------
    def write(self, rows: Rows, *, case_id, number, seller_id, users, cause: CauseInfo, created,
              extra_comments: int = 0, extra_tasks: int = 0, final: str | None = None):  # fmt: skip
        rng, now = self.rng, self.now
        creator = users[0] if len(users) == 1 or rng.random() < 0.7 else rng.choice(users)
        age = now - created
        subject = rng.choice(cause.subjects)
        if rng.random() < 0.4:
            subject = f"{subject} - orden {rng.randrange(2_000_000_000, 2_099_999_999)}"
        sentences = rng.sample(cause.sentences, min(len(cause.sentences), rng.randint(1, 4)))
        description = " ".join(sentences)

        self.event(rows, case_id, "created", creator, created,
                   f'{{"number": {number}, "reason": {cause.reason}}}')  # fmt: skip
        answers = [dict(answer) for answer in rng.choice(cause.answer_pool)]
        t = created + 5
        for key, label, required in cause.file_fields:
            files = []
            if required or rng.random() < 0.3:
                files = [self.attachment(rows, case_id, creator, t, key=key)
                         for _ in range(rng.choice((1, 1, 2, 3)))]  # fmt: skip
            answers.append(
                {"key": key, "label": label, "type": "file",
                 "value": [pk for pk, _name in files] or None,
                 "display": ", ".join(name for _pk, name in files)}
            )  # fmt: skip
        if rng.random() < 0.1:
            self.attachment(rows, case_id, creator, t)
        self.notification(rows, case_id, created, "Recibimos tu caso")

        target = cause.target_days
        due = created + target * 1.4 * DAY
        eta = {"due": due, "method": "learned" if rng.random() < 0.2 else "target"}
        self.event(rows, case_id, "eta_changed", None, created + 30,
                   f'{{"display": "{time.strftime("%d-%m-%Y", time.gmtime(due))}", '
                   f'"method": "{eta["method"]}", "overdue": false, '
                   f'"previous_display": ""}}')  # fmt: skip

        # Where the case stands today: still open (more likely when recent) or resolved.
        open_today = rng.random() < 0.285 + 0.68 * math.exp(-age / (10 * DAY))
        first_touch = created + rng.expovariate(1 / (14 * HOUR)) + 600
        solve_in = rng.lognormvariate(math.log(3 * DAY), 0.9) + 2 * HOUR
        resolved_at = created + solve_in
        # An agent picks the case up before resolving it.
        first_touch = min(first_touch, created + (resolved_at - created) * 0.5)
        if not open_today and resolved_at >= now:
            open_today = True
        if final is None:
            final = self._pick_open_status(age) if open_today else "resolved"
        if first_touch >= now - 60 or (final == "reopened" and resolved_at >= now - HOUR):
            final = "open"
        state = {
            "status": "open",
            "agent": None,
            "first_response": None,
            "resolved": None,
            "closed": None,
            "updated": t,
        }

        if final != "open":
            agent = rng.choice(self.agents)[0]
            state["agent"] = agent
            self.event(rows, case_id, "assigned", agent, first_touch,
                       f'{{"to": {self.agent_names[agent]}, "to_id": {agent}}}', True)  # fmt: skip
            self.status(rows, case_id, agent, first_touch, "open", "in_progress")
            state["status"] = "in_progress"
            end = resolved_at if final in ("resolved", "reopened") else now - 60
            self._conversation(rows, case_id, users, state, first_touch, end, final,
                               extra_comments, extra_tasks)  # fmt: skip
            if final in ("resolved", "reopened"):
                self._resolve(rows, case_id, users, state, resolved_at, final)
        elif rng.random() < 0.3 and age > HOUR:
            at = created + rng.uniform(0.2, 0.9) * age
            self.comment(rows, case_id, rng.choice(users), at, rng.choice(self.seller_messages))
            state["updated"] = at

        rows.cases.append(self._case_line(case_id, number, seller_id, creator, cause, subject,
                                          description, answers, state, created, eta))  # fmt: skip

    def _pick_open_status(self, age):
        rng = self.rng
        if rng.random() < (0.6 if age < DAY else 0.2 if age < 30 * DAY else 0.04):
            return "open"
        roll, total = rng.random(), 0.0
        for status, share in OPEN_SPLIT:
            total += share
            if roll < total:
                return status
        return OPEN_SPLIT[-1][0]

    def _conversation(self, rows, case_id, users, state, start, end, final, extra_comments,
                      extra_tasks):  # fmt: skip
        """Messages and requests for information between the agent's pickup and `end`."""
        rng, agent = self.rng, state["agent"]
        state["first_response"] = start
        messages = min(10, int(rng.expovariate(1 / 1.6))) + extra_comments
        tasks = (1 if rng.random() < 0.22 else 0) + extra_tasks
        waiting = final == "waiting_on_seller"
        steps = ["m"] * messages + ["t"] * tasks
        rng.shuffle(steps)
        if waiting:
            steps.append("w")
        # Every step strictly between the pickup and `end` (now, or the resolution).
        moments = sorted(start + (0.02 + 0.96 * rng.random()) * (end - start) for _ in steps)
        support_turn = True
        # A request for information is answered (or cancelled) before the next step
        # happens, and before `end`: a life is one sequence, never in the future.
        nexts = [*moments[1:], end][: len(moments)]
        for step, at, until in zip(steps, moments, nexts, strict=True):
            if step == "m":
                if support_turn and rng.random() < 0.08:
                    self.comment(rows, case_id, agent, at, rng.choice(self.internal_notes),
                                 internal=True, support=True)  # fmt: skip
                    continue
                if support_turn:
                    self.comment(rows, case_id, agent, at, rng.choice(self.support_messages),
                                 support=True)  # fmt: skip
                    self.notification(rows, case_id, at, "Soporte respondió tu caso")
                else:
                    author = rng.choice(users)
                    pk = self.comment(rows, case_id, author, at, rng.choice(self.seller_messages))
                    if rng.random() < 0.12:
                        self.attachment(rows, case_id, author, at, comment=pk)
                support_turn = not support_turn
            else:
                self._task(rows, case_id, users, state, at, until, answered=step == "t")
            state["updated"] = at
        # Support wrote last: the seller's turn (the desk's "Esperando al seller").
        state["seller_turn"] = not support_turn

    def _task(self, rows, case_id, users, state, at, until, *, answered):
        rng, agent = self.rng, state["agent"]
        pk = self.ids.task.take()
        which = rng.randrange(len(self.task_requests))
        self.event(rows, case_id, "task_opened", agent, at,
                   f'{{"text": {self.task_requests_json[which]}}}', task=pk)  # fmt: skip
        self.notification(rows, case_id, at, "Necesitamos información para tu caso")
        self.status(rows, case_id, agent, at, state["status"], "waiting_on_seller")
        due = time.strftime("%Y-%m-%d", time.gmtime(at + 3 * DAY)) if rng.random() < 0.5 else NULL
        if not answered:  # the case waits on the seller today
            state["status"] = "waiting_on_seller"
            reminders = int(max(0.0, self.now - at - DAY) // (2 * DAY))
            rows.tasks.append(
                f"{pk}\t{case_id}\t{self.task_requests[which]}\t{due}\t{agent}\t{stamp(at)}\topen\t\t"
                f"{NULL}\t{NULL}\t{NULL}\t{NULL}\t{min(reminders, 30)}\t"
                f"{stamp(at + DAY + (reminders + 1) * 2 * DAY)}\tf"
            )
            return
        # Answered within about a day, and always before whatever happens next (the gap
        # between two steps is at least a few seconds: see `moments`).
        done = at + min(rng.expovariate(1 / (20 * HOUR)) + 300, (until - at) * 0.9)
        if rng.random() < 0.08:
            rows.tasks.append(
                f"{pk}\t{case_id}\t{self.task_requests[which]}\t{due}\t{agent}\t{stamp(at)}\tcancelled\t"
                f"\t{NULL}\t{NULL}\t{agent}\t{stamp(done)}\t0\t{NULL}\tf"
            )
            self.event(rows, case_id, "task_cancelled", agent, done, task=pk)
            self.status(rows, case_id, agent, done, "waiting_on_seller", "in_progress")
            return
        author = rng.choice(users)
        rows.tasks.append(
            f"{pk}\t{case_id}\t{self.task_requests[which]}\t{due}\t{agent}\t{stamp(at)}\tanswered\t"
            f"{rng.choice(self.task_answers)}\t{author}\t{stamp(done)}\t{NULL}\t{NULL}\t0\t{NULL}\tf"
        )
        self.event(rows, case_id, "task_answered", author, done, task=pk)
        if rng.random() < 0.45:
            self.attachment(rows, case_id, author, done, task=pk)
        self.status(rows, case_id, author, done, "waiting_on_seller", "in_progress")
        state["updated"] = done

    def _resolve(self, rows, case_id, users, state, resolved_at, final):
        rng, now = self.rng, self.now
        agent = state["agent"]
        self.status(rows, case_id, agent, resolved_at, state["status"], "resolved")
        self.notification(rows, case_id, resolved_at, "Tu caso fue resuelto")
        state.update(status="resolved", resolved=resolved_at, updated=resolved_at)
        if final == "reopened":
            at = resolved_at + rng.uniform(0.05, 1.0) * min(REOPEN_WINDOW, now - resolved_at - 60)
            seller_user = rng.choice(users)
            reason = rng.choice(self.reopen_reasons)
            self.status(rows, case_id, seller_user, at, "resolved", "reopened", reason)
            state.update(status="reopened", resolved=None, updated=at)
            return
        if rng.random() < 0.3:  # the seller confirms the solution
            closer, at = rng.choice(users), resolved_at + rng.uniform(HOUR, 2 * DAY)
        else:  # closed by the system when the reopen window ends
            closer, at = None, resolved_at + REOPEN_WINDOW + rng.uniform(0, HOUR)
        if at >= now:
            return
        self.status(rows, case_id, closer, at, "resolved", "closed")
        self.notification(rows, case_id, at, "Tu caso fue cerrado")
        state.update(status="closed", closed=at, updated=at)
        if rng.random() < 0.2 and at + 300 < now:
            rater = rng.choice(users)
            score = rng.choices((1, 2, 3, 4, 5), (6, 5, 12, 30, 47))[0]
            rows.ratings.append(
                f"{case_id}\t{score}\t{rng.choice(self.rating_comments)}\t{rater}\t"
                f"{stamp(at + 300)}"
            )
            self.event(rows, case_id, "rated", rater, at + 300, f'{{"score": {score}}}')
            state["updated"] = at + 300

    def _case_line(self, case_id, number, seller_id, creator, cause, subject, description,
                   answers, state, created, eta):  # fmt: skip
        now, status = self.now, state["status"]
        is_open = status not in ("resolved", "closed")
        due = eta["due"]
        overdue = is_open and status != "waiting_on_seller" and due < now
        resolved = state["resolved"]
        resolution = (
            int((resolved - created) / DAY * BUSINESS_DAY_SECONDS / 1.4) if resolved else None
        )
        computed = now - self.rng.uniform(0, 900) if is_open else (resolved or state["updated"])
        # The desk (cases/clocks.py): who must act, and support's clock while it is its turn.
        if not is_open:
            waiting_on = ""
        elif status == "waiting_on_seller" or (
            status == "in_progress" and state.get("seller_turn")
        ):
            waiting_on = "seller"
        else:
            waiting_on = "support"
        since = state["updated"]
        reply_due = since + (1.0 if state["first_response"] is None else 2.0) * DAY
        late = waiting_on == "support" and reply_due < now
        last_by = creator
        if state["agent"] is not None and waiting_on != "support":
            last_by = state["agent"]
        values = (
            case_id,
            number,
            seller_id,
            creator,
            cause.record_type_id,
            cause.area_id,
            cause.pk,
            cause.names,
            escape(subject),
            escape(description),
            escape(json.dumps(answers, ensure_ascii=False)),
            status,
            cause.priority if self.rng.random() < 0.9 else self.rng.choice(("high", "urgent")),
            NULL if state["agent"] is None else state["agent"],
            stamp(created),
            stamp(state["updated"]),
            NULL if state["first_response"] is None else stamp(state["first_response"]),
            NULL if resolved is None else stamp(resolved),
            NULL if state["closed"] is None else stamp(state["closed"]),
            stamp(due),
            cause.target_days * BUSINESS_DAY_SECONDS,
            eta["method"],
            stamp(computed),
            stamp(due),
            "t" if overdue else "f",
            NULL if resolution is None else resolution,
            waiting_on,
            stamp(since),
            last_by,
            stamp(reply_due) if waiting_on == "support" else NULL,
            stamp(since) if waiting_on == "support" else NULL,
            "breached" if late else "",
            1 if late or self.rng.random() < 0.08 else 0,
        )
        return "\t".join(map(str, values))
