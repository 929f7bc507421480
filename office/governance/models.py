"""The advisory board: members and terms, rules of procedure, meetings, items, votes, decisions
(its actions are in the office's audit trail, office/core/audit.py)."""

import sqlalchemy as sa

from office.core.db import TimestampMixin, UTCDateTime, _utcnow, one_of
from office.core.translations import Translatable
from office.extensions import db
from office.governance.rules import (
    ABSTENTION_RULES,
    FUNCTIONS,
    GROUPS,
    MAJORITY_RULES,
    QUORUM_RULES,
    TIE_RULES,
    VOTE_CHOICES,
    ProcedureRules,
    casting_vote_decided,
)


class BoardMember(TimestampMixin, db.Model):
    """A person who sits or sat on the board; past members are kept with their terms."""

    __tablename__ = "board_members"
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(200), nullable=False)
    email = db.Column(db.String(320), index=True)
    #: the account the member logs in with (role board_member)
    user_id = db.Column(
        db.Integer, db.ForeignKey("users.id", ondelete="SET NULL"), unique=True, index=True
    )
    user = db.relationship("User")
    affiliation = db.Column(db.String(200), nullable=False, default="")
    #: the member agreed to be named in the open data (OParl Person and Membership)
    publication_consent = db.Column(
        db.Boolean, nullable=False, default=False, server_default=sa.false()
    )
    terms = db.relationship(
        "BoardTerm",
        order_by="BoardTerm.starts_on",
        cascade="all, delete-orphan",
        back_populates="member",
    )

    def term_on(self, day):
        for term in self.terms:
            if term.starts_on <= day and (term.ends_on is None or day <= term.ends_on):
                return term
        return None

    def __str__(self):
        return self.name


class BoardTerm(db.Model):
    """A seat held by a member for a group, from start to end (both included)."""

    __tablename__ = "board_terms"
    __table_args__ = (
        one_of("seat_group", GROUPS),
        one_of("function", FUNCTIONS),
        sa.CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="dates"),
    )
    id = db.Column(db.Integer, primary_key=True)
    member_id = db.Column(
        db.Integer,
        db.ForeignKey("board_members.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )
    member = db.relationship("BoardMember", back_populates="terms")
    seat_group = db.Column(db.String(20), nullable=False)
    function = db.Column(db.String(10), nullable=False, default="member")
    starts_on = db.Column(db.Date, nullable=False)
    ends_on = db.Column(db.Date)


class RulesVersion(Translatable, db.Model):
    """One version of the rules of procedure; a change is a new version, never an edit."""

    TRANSLATED = ("title", "body")

    __tablename__ = "board_rules_versions"
    __table_args__ = (
        one_of("quorum", QUORUM_RULES),
        one_of("majority", MAJORITY_RULES),
        one_of("abstentions", ABSTENTION_RULES),
        one_of("tie", TIE_RULES),
    )
    id = db.Column(db.Integer, primary_key=True)
    version = db.Column(db.Integer, nullable=False, unique=True)
    title = db.Column(db.String(200), nullable=False)
    #: Markdown; rendered to sanitised HTML
    body = db.Column(db.Text, nullable=False)
    effective_from = db.Column(db.Date, nullable=False, unique=True)
    quorum = db.Column(db.String(20), nullable=False, default="more_than_half")
    majority = db.Column(db.String(20), nullable=False, default="simple")
    abstentions = db.Column(db.String(20), nullable=False, default="not_counted")
    tie = db.Column(db.String(20), nullable=False, default="rejected")
    created_at = db.Column(UTCDateTime(), nullable=False, default=_utcnow)

    @property
    def procedure_rules(self) -> ProcedureRules:
        return ProcedureRules(self.quorum, self.majority, self.abstentions, self.tie)


class BoardMeeting(TimestampMixin, db.Model):
    __tablename__ = "board_meetings"
    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.String(200), nullable=False)
    starts_at = db.Column(UTCDateTime(), nullable=False, index=True)
    ends_at = db.Column(UTCDateTime(), nullable=False)
    #: the venue from the directory of venues (its address and access); `location` is then
    #: the room in words, or the whole place in words where no venue of the directory fits
    venue_id = db.Column(db.Integer, db.ForeignKey("venues.id", ondelete="SET NULL"), index=True)
    venue = db.relationship("Venue")
    location = db.Column(db.String(200), nullable=False, default="")
    online_url = db.Column(db.String(500), nullable=False, default="")
    public = db.Column(db.Boolean, nullable=False, default=True)
    #: Markdown; drafted from the agenda's results, edited, then approved (and then fixed)
    minutes = db.Column(db.Text, nullable=False, default="")
    minutes_approved_at = db.Column(UTCDateTime())
    #: when the invitation with the agenda was last mailed to the members in office
    invited_at = db.Column(UTCDateTime())
    items = db.relationship("AgendaItem", order_by="AgendaItem.position", back_populates="meeting")
    attendance = db.relationship(
        "Attendance", cascade="all, delete-orphan", back_populates="meeting"
    )

    def __str__(self):
        return self.title


class Attendance(db.Model):
    __tablename__ = "board_attendance"
    meeting_id = db.Column(
        db.Integer, db.ForeignKey("board_meetings.id", ondelete="CASCADE"), primary_key=True
    )
    member_id = db.Column(
        db.Integer, db.ForeignKey("board_members.id", ondelete="CASCADE"), primary_key=True
    )
    meeting = db.relationship("BoardMeeting", back_populates="attendance")
    member = db.relationship("BoardMember")


class AgendaItem(TimestampMixin, db.Model):
    """A matter before the board: a free item or a help request under review.

    It is decided in a meeting (meeting_id) or by written procedure (deadline).
    """

    __tablename__ = "board_items"
    __table_args__ = (sa.CheckConstraint("procedure IN ('meeting', 'written')", name="procedure"),)
    id = db.Column(db.Integer, primary_key=True)
    meeting_id = db.Column(
        db.Integer, db.ForeignKey("board_meetings.id", ondelete="SET NULL"), index=True
    )
    meeting = db.relationship("BoardMeeting", back_populates="items")
    position = db.Column(db.Integer, nullable=False, default=0)
    title = db.Column(db.String(200), nullable=False)
    description = db.Column(db.Text, nullable=False, default="")
    public = db.Column(db.Boolean, nullable=False, default=True)
    request_id = db.Column(
        db.Integer, db.ForeignKey("help_requests.id", ondelete="SET NULL"), index=True
    )
    request = db.relationship("HelpRequest")
    procedure = db.Column(db.String(10), nullable=False, default="meeting")
    #: written procedure: votes are accepted until then
    deadline = db.Column(UTCDateTime())
    #: last reminder sent for a written procedure ("members", "staff"): each is sent once
    reminded = db.Column(db.String(20))
    comments = db.relationship("BoardComment", order_by="BoardComment.id", back_populates="item")
    conflicts = db.relationship("ConflictOfInterest", back_populates="item")
    votes = db.relationship("BoardVote", back_populates="item", cascade="all, delete-orphan")
    decision = db.relationship("Decision", uselist=False, back_populates="item")

    def __str__(self):
        return self.title


class BoardComment(db.Model):
    __tablename__ = "board_comments"
    id = db.Column(db.Integer, primary_key=True)
    item_id = db.Column(
        db.Integer, db.ForeignKey("board_items.id", ondelete="CASCADE"), nullable=False, index=True
    )
    item = db.relationship("AgendaItem", back_populates="comments")
    member_id = db.Column(db.Integer, db.ForeignKey("board_members.id"), nullable=False)
    member = db.relationship("BoardMember")
    body = db.Column(db.Text, nullable=False)
    created_at = db.Column(UTCDateTime(), nullable=False, default=_utcnow)


class ConflictOfInterest(db.Model):
    """A member's declaration: excluded from this item's vote and quorum."""

    __tablename__ = "board_conflicts"
    __table_args__ = (sa.UniqueConstraint("item_id", "member_id"),)
    id = db.Column(db.Integer, primary_key=True)
    item_id = db.Column(
        db.Integer, db.ForeignKey("board_items.id", ondelete="CASCADE"), nullable=False, index=True
    )
    item = db.relationship("AgendaItem", back_populates="conflicts")
    member_id = db.Column(db.Integer, db.ForeignKey("board_members.id"), nullable=False)
    member = db.relationship("BoardMember")
    reason = db.Column(db.Text, nullable=False, default="")
    created_at = db.Column(UTCDateTime(), nullable=False, default=_utcnow)


class BoardVote(db.Model):
    __tablename__ = "board_votes"
    __table_args__ = (
        sa.UniqueConstraint("item_id", "member_id"),
        one_of("choice", VOTE_CHOICES),
    )
    id = db.Column(db.Integer, primary_key=True)
    item_id = db.Column(
        db.Integer, db.ForeignKey("board_items.id", ondelete="CASCADE"), nullable=False, index=True
    )
    item = db.relationship("AgendaItem", back_populates="votes")
    member_id = db.Column(db.Integer, db.ForeignKey("board_members.id"), nullable=False)
    member = db.relationship("BoardMember")
    choice = db.Column(db.String(10), nullable=False)
    cast_at = db.Column(UTCDateTime(), nullable=False, default=_utcnow)


class Decision(db.Model):
    """The board's decision on an item, computed from votes and the rules in force."""

    __tablename__ = "board_decisions"
    __table_args__ = (sa.CheckConstraint("outcome IN ('adopted', 'rejected')", name="outcome"),)
    id = db.Column(db.Integer, primary_key=True)
    item_id = db.Column(
        db.Integer, db.ForeignKey("board_items.id", ondelete="CASCADE"), nullable=False, unique=True
    )
    item = db.relationship("AgendaItem", back_populates="decision")
    decided_on = db.Column(db.Date, nullable=False, index=True)
    outcome = db.Column(db.String(10), nullable=False)
    rationale = db.Column(db.Text, nullable=False)
    rules_version_id = db.Column(
        db.Integer, db.ForeignKey("board_rules_versions.id"), nullable=False
    )
    rules_version = db.relationship("RulesVersion")
    eligible = db.Column(db.Integer, nullable=False)
    participating = db.Column(db.Integer, nullable=False)
    votes_yes = db.Column(db.Integer, nullable=False)
    votes_no = db.Column(db.Integer, nullable=False)
    votes_abstain = db.Column(db.Integer, nullable=False)
    created_at = db.Column(UTCDateTime(), nullable=False, default=_utcnow)

    @property
    def by_casting_vote(self) -> bool:
        """The chair's casting vote decided a tie."""
        return casting_vote_decided(self.votes_yes, self.votes_no, self.rules_version.tie)
