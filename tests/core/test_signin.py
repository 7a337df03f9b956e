import datetime as dt

import pytest

from core.accounts import signin
from core.accounts.models import SignInThrottle
from core.accounts.passwords import password_problems
from core.errors import TooManyAttempts
from core.tenancy import Scope, tenant_scope
from tests.factories import PASSWORD


def _try(session, email, password, address="192.0.2.1"):
    with tenant_scope(Scope.everyone()):
        user = signin.authenticate(session, email, password, address=address)
        session.commit()
        return user


def test_right_password_signs_in_case_insensitively(session, world):
    assert _try(session, world.a.user.email.upper(), PASSWORD).id == world.a.user.id


def test_wrong_password_and_unknown_email_look_the_same(session, world):
    assert _try(session, world.a.user.email, "wrong-password-1") is None
    assert _try(session, "nobody@example.test", "wrong-password-1") is None


def test_repeated_failures_lock_the_email_for_a_while(session, world):
    email = world.a.user.email
    for _ in range(signin.FREE_ATTEMPTS):
        assert _try(session, email, "wrong-password-1") is None
    with pytest.raises(TooManyAttempts) as locked:
        _try(session, email, PASSWORD)  # even the right password waits
    assert locked.value.retry_after_seconds > 0
    session.rollback()
    throttle = session.get(SignInThrottle, signin.throttle_key(email, "192.0.2.1"))
    throttle.last_failure_at -= signin.FIRST_DELAY + dt.timedelta(seconds=1)
    session.commit()
    assert _try(session, email, PASSWORD) is not None
    # success forgets the failures
    assert session.get(SignInThrottle, signin.throttle_key(email, "192.0.2.1")) is None


def test_the_owner_from_another_address_is_not_held_up(session, world):
    email = world.a.user.email
    for _ in range(signin.FREE_ATTEMPTS):
        assert _try(session, email, "wrong-password-1", "203.0.113.9") is None
    with pytest.raises(TooManyAttempts):
        _try(session, email, PASSWORD, "203.0.113.9")
    session.rollback()
    assert _try(session, email, PASSWORD, "198.51.100.7").id == world.a.user.id


def test_delays_grow_with_each_further_failure(session, world):
    email = world.a.user.email
    waits: list[int] = []
    for _ in range(signin.FREE_ATTEMPTS + 6):
        try:
            _try(session, email, "wrong-password-1")
        except TooManyAttempts as error:  # wait it out, then fail once more
            session.rollback()
            waits.append(error.retry_after_seconds)
            throttle = session.get(SignInThrottle, signin.throttle_key(email, "192.0.2.1"))
            throttle.last_failure_at -= dt.timedelta(seconds=error.retry_after_seconds)
            session.commit()
    assert len(waits) >= 3 and waits[0] < waits[1] < waits[2], waits
    assert _try(session, email, PASSWORD, "198.51.100.7") is not None  # elsewhere: no wait


def test_one_address_trying_many_accounts_is_slowed_down(session, world):
    for n in range(signin.FREE_PER_ADDRESS):
        assert _try(session, f"guess{n}@example.test", "wrong-password-1", "203.0.113.5") is None
    with pytest.raises(TooManyAttempts):
        _try(session, world.a.user.email, PASSWORD, "203.0.113.5")
    session.rollback()
    assert _try(session, world.a.user.email, PASSWORD, "198.51.100.7") is not None


def test_a_suspended_user_cannot_sign_in(session, world):
    world.a.user.active = False
    session.commit()
    assert _try(session, world.a.user.email, PASSWORD) is None


@pytest.mark.parametrize(("password", "problem"), [
    ("short", "At least 10"),
    ("aaaaaaaaaaaa", "4 different"),
    ("jane.doe-secret-1", "email"),
])
def test_password_rules(password, problem):
    assert any(problem in p for p in password_problems(password, email="jane.doe@x.test"))


def test_a_good_password_passes():
    assert password_problems("Correct-horse-42", email="jane@x.test") == []
