import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from testimony.models import Access, ConsentRecord, NameDisclosure
from testimony.services import record_consent
from tests.factories import ConsentFactory, PartnerFactory, TestimonyFactory

pytestmark = pytest.mark.django_db


def new_consent(testimony, **choices):
    choices.setdefault("given_on", datetime.date(2021, 5, 1))
    choices.setdefault("method", "written")
    return ConsentRecord(testimony=testimony, **choices)


def test_a_new_consent_supersedes_the_current_one_without_changing_it():
    first = ConsentFactory(access=Access.PUBLIC)
    second = record_consent(new_consent(first.testimony, access=Access.ALL_PARTNERS))

    first.refresh_from_db()
    assert (first.version, first.is_current, first.access) == (1, False, Access.PUBLIC)
    assert (second.version, second.is_current, second.supersedes) == (2, True, first)
    assert list(first.testimony.consents.values_list("version", flat=True)) == [2, 1]


def test_database_refuses_a_second_current_consent():
    consent = ConsentFactory()
    duplicate = new_consent(consent.testimony, version=2, is_current=True)
    with pytest.raises(ValidationError, match="already has a current consent record"):
        duplicate.full_clean()
    with transaction.atomic(), pytest.raises(IntegrityError):
        duplicate.save()


def test_stale_form_is_refused_and_nothing_is_written():
    first = ConsentFactory()
    record_consent(new_consent(first.testimony, access=Access.CLOSED))
    with pytest.raises(ValidationError, match="while you were editing"):
        record_consent(new_consent(first.testimony), expected_current=first)
    assert first.testimony.consents.count() == 2


def test_a_saved_consent_is_never_changed_by_the_service():
    consent = ConsentFactory()
    with pytest.raises(ValidationError, match="never changed"):
        record_consent(consent)


def test_pseudonym_required_and_withdrawal_closes():
    testimony = TestimonyFactory()
    with pytest.raises(ValidationError, match="Give the pseudonym"):
        record_consent(new_consent(testimony, name_disclosure=NameDisclosure.PSEUDONYM))
    with pytest.raises(ValidationError, match="withdrawn consent must set access to closed"):
        record_consent(new_consent(testimony, withdrawn=True, access=Access.PUBLIC))
    assert not testimony.consents.exists()


def test_named_partners_are_kept_with_the_version():
    partner = PartnerFactory()
    consent = ConsentFactory(access=Access.NAMED_PARTNERS, partners=[partner])
    assert list(consent.partners.all()) == [partner]
