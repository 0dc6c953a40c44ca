"""Petitions (đơn thư) and what hangs off them.

The state of a petition is owned by its FSM field; transitions are the pure methods below
(guards and in-memory changes only). `casework.services` runs each one in a transaction, and
only the workflow layer (`workflows.actions`) calls those services.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from cases import identity
from units.history import audit_history
from units.models import Unit
from units.search import fold
from workflows.models import WorkflowCase

from .choices import (
    FINAL_STATES,
    GROUP_PETITION_SIGNERS,
    AnswerOutcome,
    Channel,
    Complexity,
    Field,
    Instance,
    NotifyChannel,
    PetitionKind,
    PetitionState,
)

S = PetitionState


class Petitioner(models.Model):
    """A person who signs one petition. Each petition records its own signers: people are never
    merged across cases by ID number or phone, so one case cannot change or unmask another's."""

    full_name = models.CharField(_("full name"), max_length=150)
    id_number = models.CharField(_("ID number"), max_length=12, blank=True, db_index=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, db_index=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = audit_history()

    class Meta:
        verbose_name = _("petitioner")
        verbose_name_plural = _("petitioners")

    def __str__(self) -> str:
        # Not the name: admin pages, audit labels and logs print models with str().
        return _("petitioner #%(id)s") % {"id": self.pk}


class Petition(ConcurrentTransitionMixin, WorkflowCase):
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="petitions", verbose_name=_("committee")
    )
    tracking_code = models.CharField(_("tracking code"), max_length=16, unique=True)
    secret_hash = models.CharField(max_length=128, editable=False)
    state = FSMField(
        _("state"), max_length=32, choices=S.choices, default=S.RECEIVED, protected=True
    )
    channel = models.CharField(_("channel"), max_length=32, choices=Channel.choices)
    kind = models.CharField(_("kind"), max_length=32, choices=PetitionKind.choices)
    field = models.CharField(_("field"), max_length=32, choices=Field.choices, default=Field.OTHER)
    title = models.CharField(_("subject"), max_length=255)
    content = models.TextField(_("content"))
    request = models.TextField(_("request"), blank=True)
    letter_date = models.DateField(_("date on the petition"), null=True, blank=True)
    received_on = models.DateField(_("received on"))
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("received by"),
    )
    signer_count = models.PositiveSmallIntegerField(_("number of signers"), default=1)
    complexity = models.CharField(
        _("complexity"), max_length=32, choices=Complexity.choices, default=Complexity.STANDARD
    )
    complaint_instance = models.CharField(
        _("instance"), max_length=16, choices=Instance.choices, default=Instance.FIRST
    )
    remote_area = models.BooleanField(_("remote area"), default=False)
    several_places = models.BooleanField(_("concerns several places"), default=False)
    processable = models.BooleanField(_("processable"), null=True)
    classification_reason = models.TextField(_("classification reasons"), blank=True)
    outcome_reason = models.TextField(_("reason for the outcome"), blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("duplicate of"),
    )
    split_from = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="parts",
        verbose_name=_("split from"),
    )
    # The record of another kind it was raised in (an opinion at a voter meeting, NQLT 72
    # Art. 37.4), by the kernel's generic reference: that kind is not imported here.
    source_type = models.ForeignKey(
        "contenttypes.ContentType",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    classify_due = models.DateField(_("classification due"), null=True, blank=True)
    answer_due = models.DateField(_("answer due"), null=True, blank=True)
    suspended_since = models.DateField(_("suspended since"), null=True, blank=True)
    petitioner_notified_on = models.DateField(_("petitioner notified on"), null=True, blank=True)
    petitioner_notified_by = models.CharField(
        _("notified by"), max_length=16, choices=NotifyChannel.choices, blank=True
    )
    # Anyone may ask that their identity be kept like a denouncer's (Luật Tiếp công dân Art. 7:
    # the receiving body keeps what the citizen asks to keep secret).
    protect_identity = models.BooleanField(
        _("keep the petitioner's identity confidential"),
        default=False,
        help_text=_("Always on for a denunciation; on request for any other petition."),
    )
    reopen_count = models.PositiveSmallIntegerField(default=0)
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = audit_history(excluded_fields=["search_text", "secret_hash"])

    class Meta:
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["unit", "state"]),
            models.Index(fields=["state", "answer_due"]),
        ]

    def __str__(self) -> str:
        # Not the subject, which may name a denouncer: str() reaches admin pages and logs.
        return self.tracking_code

    def save(self, *args, **kwargs) -> None:
        self.search_text = self.search_document()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("casework:petition-detail", args=[self.pk])

    def search_document(self) -> str:
        """The folded text the list search matches. A protected case is found only by what
        anyone may read of it: searching a denouncer's name or phone must not tell which case
        names them (Luật Tố cáo Art. 47)."""
        text = f"{self.tracking_code} {self.title} {self.content}"
        if self.identity_protected:
            text = identity.shield_for_outsiders(self).text(text)
        return fold(text)

    @property
    def is_group(self) -> bool:
        return self.signer_count >= GROUP_PETITION_SIGNERS

    @property
    def identity_protected(self) -> bool:
        """A denouncer's identity is a secret by law (Luật Tố cáo Art. 8.3, 47, 56), and so is
        the identity of anyone who asked for it."""
        return self.kind == PetitionKind.DENUNCIATION or self.protect_identity

    @property
    def is_final(self) -> bool:
        return self.state in FINAL_STATES

    def current_referral(self):
        return self.referrals.order_by("-id").first()

    # Guards ------------------------------------------------------------------------------

    def guidance_not_given_before(self) -> bool:
        """Guidance is given once per content: a repeat is linked as a duplicate instead."""
        original = self.duplicate_of
        return original is None or original.state != S.GUIDED

    def is_mixed(self) -> bool:
        return self.kind == PetitionKind.MIXED

    def is_not_mixed(self) -> bool:
        return self.kind != PetitionKind.MIXED

    def has_original(self) -> bool:
        return self.duplicate_of_id is not None

    # Transitions (pure: no save, no I/O) ---------------------------------------------------

    @transition(field=state, source=S.RECEIVED, target=S.CLASSIFIED)
    def classify(self, *, explanation: str, **classification) -> None:
        for name, value in classification.items():
            setattr(self, name, value)
        self.classification_reason = explanation

    @transition(field=state, source=S.RECEIVED, target=S.REFUSED)
    def refuse(self, *, explanation: str) -> None:
        self.outcome_reason = explanation

    @transition(field=state, source=S.CLASSIFIED, target=S.REFERRED, conditions=[is_not_mixed])
    def refer(self) -> None:
        pass

    @transition(
        field=state,
        source=S.CLASSIFIED,
        target=S.GUIDED,
        conditions=[guidance_not_given_before, is_not_mixed],
    )
    def guide(self, *, explanation: str) -> None:
        self.outcome_reason = explanation

    @transition(field=state, source=S.CLASSIFIED, target=S.RETURNED)
    def return_to_sender(self, *, explanation: str) -> None:
        self.outcome_reason = explanation

    @transition(field=state, source=S.CLASSIFIED, target=S.ARCHIVED)
    def archive(self, *, explanation: str) -> None:
        self.outcome_reason = explanation

    @transition(field=state, source=S.CLASSIFIED, target=S.SPLIT, conditions=[is_mixed])
    def split(self, *, explanation: str) -> None:
        self.outcome_reason = explanation

    @transition(field=state, source=S.CLASSIFIED, target=S.DUPLICATE, conditions=[has_original])
    def mark_duplicate(self, *, explanation: str) -> None:
        self.outcome_reason = explanation

    @transition(field=state, source=S.REFERRED, target=S.AWAITING_ANSWER)
    def send_referral(self, *, answer_due) -> None:
        self.answer_due = answer_due

    @transition(field=state, source=S.AWAITING_ANSWER, target=S.AWAITING_ANSWER)
    def follow_up(self) -> None:
        pass

    @transition(field=state, source=S.AWAITING_ANSWER, target=S.AWAITING_ANSWER)
    def escalate(self) -> None:
        pass

    @transition(field=state, source=S.AWAITING_ANSWER, target=S.ANSWER_RECEIVED)
    def record_answer(self) -> None:
        self.suspended_since = None

    @transition(field=state, source=S.ANSWER_RECEIVED, target=S.AWAITING_ANSWER)
    def request_again(self, *, answer_due) -> None:
        self.answer_due = answer_due

    @transition(field=state, source=S.ANSWER_RECEIVED, target=S.REFERRED)
    def escalate_to_superior(self) -> None:
        pass

    @transition(field=state, source=S.ANSWER_RECEIVED, target=S.PETITIONER_NOTIFIED)
    def notify_petitioner(self, *, on, channel: str) -> None:
        self.petitioner_notified_on = on
        self.petitioner_notified_by = channel

    @transition(field=state, source=S.PETITIONER_NOTIFIED, target=S.DISCLOSURE_PENDING)
    def submit_disclosure(self) -> None:
        pass

    @transition(field=state, source=S.DISCLOSURE_PENDING, target=S.DISCLOSED)
    def approve_disclosure(self) -> None:
        pass

    @transition(field=state, source=S.DISCLOSURE_PENDING, target=S.PETITIONER_NOTIFIED)
    def reject_disclosure(self) -> None:
        pass

    @transition(field=state, source=[S.PETITIONER_NOTIFIED, S.DISCLOSED], target=S.CLOSED)
    def close(self) -> None:
        pass

    @transition(field=state, source=list(FINAL_STATES), target=S.RECEIVED)
    def reopen(self, *, classify_due) -> None:
        self.reopen_count += 1
        self.classify_due = classify_due
        self.answer_due = None
        self.outcome_reason = ""


class Signer(models.Model):
    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="signers")
    petitioner = models.ForeignKey(Petitioner, on_delete=models.PROTECT, related_name="signed")
    is_primary = models.BooleanField(_("primary signer"), default=False)
    position = models.PositiveSmallIntegerField(default=0)

    history = audit_history()

    class Meta:
        verbose_name = _("signer")
        verbose_name_plural = _("signers")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["petition", "petitioner"], name="signer_unique")
        ]

    def __str__(self) -> str:
        return str(self.petitioner)


def attachment_path(instance: "Attachment", filename: str) -> str:
    # The stored name is random (see validators.safe_attachment_name); the citizen's own file
    # name never reaches the filesystem.
    return f"petitions/{instance.petition_id}/{filename}"


class AttachmentKind(models.TextChoices):
    PETITION_SCAN = "petition_scan", _("Scan of the petition")
    EVIDENCE = "evidence", _("Supporting document")
    ANSWER = "answer", _("Agency answer")


class Attachment(models.Model):
    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("kind"), max_length=32, choices=AttachmentKind.choices)
    file = models.FileField(_("file"), upload_to=attachment_path)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size"))
    identifies_petitioner = models.BooleanField(
        _("identifies the petitioner"),
        default=False,
        help_text=_("Handwriting, signatures, ID copies: hidden like the identity itself."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    history = audit_history()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["id"]

    def __str__(self) -> str:
        # The citizen's file name may carry their name: pages show it through the shield.
        return _("attachment #%(id)s") % {"id": self.pk}

    @property
    def shows_identity(self) -> bool:
        """A scan of the petition carries the handwriting and the signature, which identify
        the sender as much as a name does (Luật Tố cáo Art. 47): hidden like the identity."""
        return self.identifies_petitioner or self.kind == AttachmentKind.PETITION_SCAN


class Referral(models.Model):
    """A transfer slip (phiếu chuyển) sending the petition to the competent agency."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="referrals")
    agency = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="referrals_received", verbose_name=_("agency")
    )
    slip_number = models.CharField(_("slip number"), max_length=40, unique=True)
    note = models.TextField(_("note to the agency"), blank=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    drafted_at = models.DateTimeField(auto_now_add=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    answer_due = models.DateField(_("answer due"), null=True, blank=True)
    followed_up_at = models.DateTimeField(_("followed up at"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    escalated_to = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("escalated to"),
    )

    history = audit_history()

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.slip_number


class Answer(models.Model):
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="answers")
    document_number = models.CharField(_("document number"), max_length=60)
    document_date = models.DateField(_("document date"))
    summary = models.TextField(_("summary"))
    outcome = models.CharField(_("outcome"), max_length=32, choices=AnswerOutcome.choices)
    attachment = models.ForeignKey(
        Attachment, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    on_paper = models.BooleanField(_("paper answer recorded by the committee"), default=False)
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = audit_history()

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.document_number


class ClockChangeKind(models.TextChoices):
    EXTENSION = "extension", _("Extension")
    SUSPENSION = "suspension", _("Suspension")
    RESUMPTION = "resumption", _("Resumption")


class ClockChange(models.Model):
    """An extension or suspension of the answer deadline, each backed by a decision."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="clock_changes")
    kind = models.CharField(_("kind"), max_length=16, choices=ClockChangeKind.choices)
    decision_number = models.CharField(_("decision number"), max_length=60)
    reason = models.TextField(_("reason"))
    days = models.PositiveSmallIntegerField(_("days"), default=0)
    previous_due = models.DateField(null=True)
    new_due = models.DateField(null=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    made_at = models.DateTimeField(auto_now_add=True)

    history = audit_history()

    class Meta:
        verbose_name = _("deadline change")
        verbose_name_plural = _("deadline changes")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.decision_number}"


class Disclosure(models.Model):
    """The redacted public summary of a resolved case (domain.md section 4)."""

    petition = models.OneToOneField(Petition, on_delete=models.CASCADE, related_name="disclosure")
    summary = models.TextField(_("public summary"))
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    published_at = models.DateTimeField(null=True, blank=True)
    # A published summary can be taken down (an error found later, a court order); the case
    # keeps its state and the row keeps the text, so the history shows what was public and when.
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    withdrawal_reason = models.TextField(_("reason for the withdrawal"), blank=True)

    history = audit_history()

    class Meta:
        verbose_name = _("disclosure")
        verbose_name_plural = _("disclosures")

    def __str__(self) -> str:
        return f"{self.petition_id}"

    @property
    def is_public(self) -> bool:
        """Approved and published, and not withdrawn since: what citizens may read."""
        return self.published_at is not None and self.withdrawn_at is None


class IdentityGrant(models.Model):
    """Permission for one user to see a protected identity on one case."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="identity_grants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(auto_now_add=True)

    history = audit_history()

    class Meta:
        verbose_name = _("identity access")
        verbose_name_plural = _("identity accesses")
        constraints = [
            models.UniqueConstraint(fields=["petition", "user"], name="identity_grant_unique")
        ]

    def __str__(self) -> str:
        return f"{self.petition_id} → {self.user_id}"


class IdentityView(models.Model):
    """Each time a protected identity was shown, to whom and where."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="identity_views")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    where = models.CharField(max_length=120)
    viewed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("identity view")
        verbose_name_plural = _("identity views")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.petition_id} ← {self.user_id} @ {self.viewed_at:%Y-%m-%d %H:%M}"


class NumberSequence(models.Model):
    """Per-unit, per-year counters for slip numbers, taken under a row lock."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=32)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "name", "year"], name="sequence_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.name}/{self.year}: {self.last}"


class RegistrationKey(models.Model):
    """One submission of the reception form or of `POST /api/v1/petitions/`: a second
    submission with the same key (a double click, a retried request) finds the petition the
    first one registered instead of registering it twice. The unique key is the lock: two
    submissions at once race on it, and the loser waits for the winner's commit."""

    key = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.key} → {self.petition_id}"
