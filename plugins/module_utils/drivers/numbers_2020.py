# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Acquired numbers: read them, change their capabilities by difference, release them; safe under retries.

UpdateCapabilities and ReleasePhoneNumbers are POSTs the client never re-sends blindly. After a failure where the
service may have acted, the numbers (or the releases) are read again and only what is still missing is sent.

No Ansible imports: acs_phone_number drives NumberLifecycle; numbers that cannot reach their state raise TaskFailure.
"""

from __future__ import annotations

from ansible_collections.acs.administration.plugins.module_utils.transport.client import Response
from ansible_collections.acs.administration.plugins.module_utils.transport.errors import (
    ACSAmbiguousError, ACSError, ACSNotFoundError, ACSTransportError, PollTimeout, TaskFailure, short)
from ansible_collections.acs.administration.plugins.module_utils.drivers.base import Lifecycle

RELEASE_DONE = frozenset(("Complete", "Failed", "Expired"))
CAPABILITIES_DONE = frozenset(("Complete", "Error"))
# activationState of an acquired number while a capabilities update of it runs.
UPDATE_PENDING = "UpdatePending"

# After a lost UpdateCapabilities response: how long to watch the numbers for the update before sending it again.
SETTLE_SECONDS = 30


def updating(current):
    """The numbers of `current` ({number: AcquiredPhoneNumber}) that a capabilities update is still changing."""
    return sorted(n for n, data in current.items() if data.get("activationState") == UPDATE_PENDING)


def capability_changes(current, add, remove):
    """{number: {"add": [...], "remove": [...]}} for the numbers whose acquired capabilities differ from the wish.

    `current` maps each number to its AcquiredPhoneNumber. Only capabilities to add that are missing and capabilities
    to remove that are present are listed; numbers with nothing to change are left out.
    """
    changes = {}
    for number, data in current.items():
        acquired = list(data.get("acquiredCapabilities") or [])
        to_add = [c for c in add or () if c not in acquired]
        to_remove = [c for c in remove or () if c in acquired]
        if to_add or to_remove:
            changes[number] = {"add": to_add, "remove": to_remove}
    return changes


def predicted(data, change):
    """An AcquiredPhoneNumber as it will be once `change` is applied (check mode)."""
    acquired = [c for c in data.get("acquiredCapabilities") or [] if c not in change["remove"]]
    acquired += [c for c in change["add"] if c not in acquired]
    return dict(data, acquiredCapabilities=acquired)


class NumberLifecycle(Lifecycle):
    """Capabilities and release of a set of acquired numbers.

    Collects `actions`, `waits` (PollRecord results) and `changed`; in check mode it reads but never writes or waits.
    """

    def __init__(self, client, api, poller, **options):
        super().__init__(client, api, poller, **options)
        self.capabilities_update = None
        self.release = None
        self.before = {}
        self.not_held = []

    def read(self, numbers):
        """{number: AcquiredPhoneNumber} for those of `numbers` that this resource has acquired (all pages are read)."""
        wanted = set(numbers)
        found = {}
        for item in self.api.list_phone_numbers(self.client):
            number = item.get("phoneNumber")
            if number in wanted:
                found[number] = item
            elif number and "+" + number.lstrip("+") in wanted:
                found["+" + number.lstrip("+")] = item
        return found

    # -- capabilities --------------------------------------------------------------------------------------------

    def update_capabilities(self, numbers, add, remove):
        """Send the difference (one request for every number), poll it to Complete; return the numbers as they end."""
        current = self.read(numbers)
        missing = [n for n in numbers if n not in current]
        if missing:
            raise TaskFailure("%s %s not acquired by this resource; acs.administration.acs_phone_search state=purchased acquires numbers."
                              % (", ".join(missing), "is" if len(missing) == 1 else "are"))
        self.before = current
        pending = updating(current)
        if pending:
            # a rerun while an update is still running: never send it again; with wait, let it end, then send what is left
            self.actions.append("a capabilities update of %s is already under way (activationState %s); not sent again"
                                % (", ".join(pending), UPDATE_PENDING))
            if not self.wait or self.check_mode:
                return current
            current = self._wait_updates(numbers)
        changes = capability_changes(current, add, remove)
        if not changes:
            self.actions.append("the capabilities already match")
            return current
        self.changed = True
        if self.check_mode:
            self.actions.append("would update the capabilities of %s" % ", ".join(sorted(changes)))
            return {n: predicted(d, changes[n]) if n in changes else d for n, d in current.items()}
        update_id = self._send_update(numbers, changes, add, remove)
        if update_id is None:
            return self.read(numbers)
        if not self.wait:
            self.capabilities_update = {"capabilitiesUpdateId": update_id, "capabilitiesUpdateStatus": None,
                                        "phoneNumberCapabilitiesUpdates": changes}
            return current

        def timed_out(last):
            self.capabilities_update = last
            return ("Capabilities update %s did not complete within wait_timeout=%d s; its status is still %s. Running the "
                    "task again sends only what is still missing." % (update_id, self.deadline.seconds, last.get("capabilitiesUpdateStatus")))

        body = self.poll(lambda: self.api.get_capabilities_update(self.client, update_id),
                         lambda body: body.get("capabilitiesUpdateStatus"), CAPABILITIES_DONE, "Capabilities update %s" % update_id,
                         dict(phase="capabilities", capabilities_update_id=update_id), timed_out)
        self.capabilities_update = body
        if body.get("capabilitiesUpdateStatus") != "Complete":
            now = self.read(numbers)
            lost = [n for n in numbers if n not in now]
            raise TaskFailure("Capabilities update %s ended with status %s%s." % (
                update_id, body.get("capabilitiesUpdateStatus"),
                ": %s %s not acquired by this resource any more (the service accepts an update of a number it does not hold and "
                "fails it later)" % (", ".join(lost), "is" if len(lost) == 1 else "are") if lost else
                "; the service gives no reason, and running the task again sends only what is still missing"))
        return self.read(numbers)

    def _wait_updates(self, numbers):
        """Read the numbers until none of them is UpdatePending (within the task's deadline); return them as read."""
        def fetch():
            found = self.read(numbers)
            return Response(200, None, {"status": "pending" if updating(found) else "done", "numbers": found})

        def timed_out(last):
            return ("The capabilities update of %s already under way did not end within wait_timeout=%d s (activationState "
                    "still %s); running the task again waits for it and sends nothing twice."
                    % (", ".join(updating(last.get("numbers") or {})), self.deadline.seconds, UPDATE_PENDING))

        body = self.poll(fetch, lambda body: body["status"], ("done",), "The capabilities update under way",
                         dict(phase="capabilities"), timed_out)
        return body["numbers"]

    def _send_update(self, numbers, changes, add, remove):
        """UpdateCapabilities; after a doubtful failure, watch the numbers before sending anything again.

        There is no list of capability updates to find a lost one in, so the numbers are read until the wanted
        capabilities show (the lost update was applied), for at most SETTLE_SECONDS; only then is what is still missing
        sent once more. Adding or removing a capability twice has no further effect, so that second request does no harm.
        Returns the update id, or None when the numbers reached the wanted capabilities without it.
        """
        try:
            update_id = self.api.update_capabilities(self.client, changes)
        except (ACSAmbiguousError, ACSTransportError) as exc:
            changes = self._settle(numbers, add, remove)
            if not changes:
                self.actions.append("UpdateCapabilities failed (%s) but the numbers now have the wanted capabilities" % short(exc))
                return None
            self.actions.append("UpdateCapabilities failed (%s) and the numbers still lack the change; sending what is missing once more"
                                % short(exc))
            update_id = self.api.update_capabilities(self.client, changes)
        self.actions.append("requested capabilities update %s for %s" % (update_id, ", ".join(sorted(changes))))
        return update_id

    def _settle(self, numbers, add, remove):
        """Read the numbers until no capability change is left (or SETTLE_SECONDS pass); return what is left."""
        def fetch():
            left = capability_changes(self.read(numbers), add, remove)
            return Response(200, None, {"status": "pending" if left else "applied", "changes": left})

        try:
            body, record = self.poller.wait(fetch, lambda body: body["status"], ("applied",),
                                            min(SETTLE_SECONDS, self.deadline.remaining()), "The capabilities of %s" % ", ".join(numbers),
                                            kind="legacy_capabilities")
        except PollTimeout as exc:
            return exc.last_body["changes"]
        self.waits.append(dict(record.to_result(), phase="capabilities"))
        return body["changes"]

    # -- release ---------------------------------------------------------------------------------------------------

    def release_numbers(self, numbers):
        """Release those of `numbers` that are still acquired, with one request; poll it to Complete."""
        current = self.read(numbers)
        self.before = current
        gone = [n for n in numbers if n not in current]
        if gone:
            self.actions.append("not acquired (already released?): %s" % ", ".join(gone))
        to_release = [n for n in numbers if n in current]
        if not to_release:
            return [], gone
        release_id = self.find_release(to_release, in_flight=True)
        if release_id is not None:
            # a rerun while the release is still running: follow it, never send it again
            self.actions.append("release %s of %s is already under way" % (release_id, ", ".join(to_release)))
        else:
            self.changed = True
            if self.check_mode:
                self.actions.append("would release %s" % ", ".join(to_release))
                return to_release, gone
            release_id = self._send_release(to_release)
            if release_id is None:
                return to_release, gone
        self._follow_release(release_id)
        if self.not_held:
            return [n for n in to_release if n not in self.not_held], gone + [n for n in self.not_held if n not in gone]
        return to_release, gone

    def _follow_release(self, release_id):
        """Wait for the release to complete (with wait=false, or in check mode, only read it); fail when it did not."""
        if not self.wait or self.check_mode:
            self.release = self.api.get_release(self.client, release_id)
            return

        def timed_out(last):
            self.release = last
            return ("Release %s did not complete within wait_timeout=%d s; its status is still %s. Running the task again "
                    "waits for it and releases nothing twice." % (release_id, self.deadline.seconds, last.get("status")))

        body = self.poll(lambda: self.api.get_release(self.client, release_id), lambda body: body.get("status"), RELEASE_DONE,
                         "Release %s" % release_id, dict(phase="release", release_id=release_id), timed_out)
        self.release = body
        if body.get("status") != "Complete":
            self._release_failed(release_id, body)

    def _release_failed(self, release_id, body):
        """A release that ended Failed (or Expired). The service accepts a release of numbers the resource does not hold
        and fails it later ("No acquired numbers to process"): when none of the numbers it did not release is acquired
        any more (another run released them meanwhile), they are reported in `not_held` and the task has reached its state.
        Otherwise one sentence with the service's message and each number's status; nothing is sent again."""
        failed = {"+" + n.lstrip("+"): d for n, d in (body.get("phoneNumberReleaseStatusDetails") or {}).items() if d.get("status") != "Success"}
        still = self.read(sorted(failed)) if failed else {}
        message = (body.get("errorMessage") or "").rstrip(". ")
        said = "Release %s ended with status %s%s" % (release_id, body.get("status"), ": " + message if message else "")
        if failed and not still:
            self.not_held = sorted(failed)
            self.actions.append("%s; %s %s not acquired by this resource (any more), so there is nothing left to release"
                                % (said, ", ".join(self.not_held), "is" if len(failed) == 1 else "are"))
            return
        raise TaskFailure("%s; not released: %s%s." % (
            said, ", ".join("%s (%s, error code %s%s)" % (n, d.get("status"), d.get("errorCode"), "" if n in still else ", not acquired")
                            for n, d in sorted(failed.items())) or "none listed",
            "; %s %s still acquired, and running the task again sends one new release for %s" % (
                ", ".join(sorted(still)), "is" if len(still) == 1 else "are", "it" if len(still) == 1 else "them") if still else ""))

    def _send_release(self, numbers):
        """ReleasePhoneNumbers; after a doubtful failure, look for a release of these numbers before sending it again.

        Returns the release id, or None when a re-read shows the numbers are gone and no release of them is listed.
        """
        try:
            release_id = self.api.release_numbers(self.client, numbers)
        except ACSError as exc:
            doubtful = isinstance(exc, (ACSAmbiguousError, ACSTransportError))
            if not doubtful and exc.status != 409:
                raise
            found = self.find_release(numbers, in_flight=True)
            if found:
                self.actions.append("ReleasePhoneNumbers failed (%s); found release %s of these numbers under way" % (short(exc), found))
                return found
            still = [n for n in numbers if n in self.read(numbers)]
            if not still:
                found = self.find_release(numbers, in_flight=False)
                self.actions.append("ReleasePhoneNumbers failed (%s) but the numbers are no longer acquired%s"
                                    % (short(exc), "; release %s holds them" % found if found else ""))
                return found
            if not doubtful:
                raise
            self.actions.append("ReleasePhoneNumbers failed (%s) and no release of these numbers is listed; sending it once more for %s"
                                % (short(exc), ", ".join(still)))
            release_id = self.api.release_numbers(self.client, still)
            numbers = still
        self.actions.append("requested release %s of %s" % (release_id, ", ".join(numbers)))
        return release_id

    def find_release(self, numbers, in_flight=True):
        """The id of the newest release that holds all of `numbers`: one still under way, or (in_flight=False) one that
        completed. None when there is none."""
        entities = sorted(self.api.list_releases(self.client), key=lambda e: e.get("createdAt") or "", reverse=True)
        for entity in entities:
            status = entity.get("status")
            if (status in RELEASE_DONE) if in_flight else (status != "Complete"):
                continue
            release = self.api.get_release(self.client, entity["id"])
            if set(numbers) <= set(release.get("phoneNumberReleaseStatusDetails") or {}):
                return entity["id"]
        return None


def read_configuration(client, api, phone_number):
    """The number's pstnConfiguration, None when it has none; ACSNotFoundError when the number is not ours.

    The service answers 404 in both cases; the error code tells them apart where it says PhoneNumberNotFound.
    """
    try:
        return api.get_number_configuration(client, phone_number)
    except ACSNotFoundError as exc:
        if exc.status != 404:
            raise
        if (exc.code or "").lower() != "phonenumbernotfound":
            return None
        raise ACSNotFoundError("%s is not acquired by this resource (%s)." % (phone_number, exc.code), status=exc.status, code=exc.code,
                               operation=exc.operation, request_id=exc.request_id) from None
