#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: acs_phone_search
short_description: Reserve, purchase or cancel phone numbers of Azure Communication Services
version_added: 0.1.0
description:
  - B(Current API) (V(2025-06-01), the default) - a named hold built on reservations. O(name) maps to the reservation id
    C(uuid5(6f1c3c57-5b7e-4b63-9a55-2f0d3c1e7a19, name)), so a rerun finds the same reservation with one read and no listing.
    O(state=reserved) browses free numbers matching O(country_code), O(phone_number_type), O(assignment_type),
    O(capabilities) and O(area_code) (or O(prefixes)) and holds O(quantity) of them; a rerun with an active hold of that size
    sends no write; a changed O(quantity) adds or removes numbers. O(state=purchased) buys the reservation once and waits
    for the purchase; the reservation's status (C(active), C(submitted), C(completed), C(expired)) decides after a lost response
    or a crash, so nothing is bought twice. O(state=absent) deletes an active reservation (its numbers go back to the pool).
  - A name is one hold - held, then bought, dropped or expired. O(state=absent) leaves a record of the drop, an empty
    reservation with the id C(uuid5(uuid5(6f1c3c57-5b7e-4b63-9a55-2f0d3c1e7a19, "dropped"), name)); O(state=reserved) on a
    dropped name holds nothing (it reports RV(dropped) and is not changed), so a play that holds a name and then drops it
    is idempotent; O(state=purchased) fails on it. The service deletes the record a month after the drop, and the name
    holds again then. To hold numbers again sooner, give a new name.
  - Two runs at once with one name hold and buy once, and only the numbers of one of them - a new hold starts with an
    empty claim of the reservation, and a run whose claim finds that another run made the reservation first holds
    nothing, does not buy, and (O(state=purchased)) waits for the other run's purchase.
  - On the current API a reservation that expired is reported as expired; O(state=purchased) then fails rather than
    holding other numbers unasked. The service deletes reservations a month after creation, so a name alone cannot prove
    a past purchase; O(state=purchased) needs O(total), the most numbers matching the task the resource may own, and buys
    only within it (a rerun months later finds the numbers owned and buys nothing). Numbers of purchases still running
    (under another name, or with O(wait=false)) count as owned.
  - On the current API a name buys once. When its reservation was bought, a task asking for other numbers (quantity,
    country, types, area code) fails with O(state=purchased) and warns with O(state=reserved). A hold with fewer numbers
    than O(quantity) (a purchase that failed after its claim) is filled, then bought. One browse offers at most 20
    numbers; a larger O(quantity) browses again once those are held.
  - All the waits of a task (another run's purchase, then this task's) share one O(wait_timeout).
  - B(Legacy API) (O(api_version=2020-07-20-preview1)) - the rest of this description.
  - Manages a phone number search of an Azure Communication Services resource. A search reserves numbers of a phone
    plan in an area code for about 16 minutes; purchasing it acquires them (and costs money); cancelling it gives them back.
  - The search's display name O(name) is what makes the task idempotent. The module first looks for a search with this
    name and only creates one when there is none that is pending, reserved, being purchased or purchased.
  - A purchase is never sent twice. After any failure where the service may have acted (a lost response, a server error)
    the module reads the search's status before doing anything else; a search whose CreateSearch response was lost is
    found again by its name.
  - Use M(acs.administration.acs_phone_search_info) to list searches, and the catalogue modules
    (M(acs.administration.acs_plan_group_info), M(acs.administration.acs_phone_plan_info),
    M(acs.administration.acs_location_info), M(acs.administration.acs_area_code_info)) to find O(phone_plan_ids),
    O(location_options) and O(area_code).
author:
  - ACS Administration maintainers (@acs-administration)
options:
  name:
    description:
      - Display name of the search (at most 255 characters), the key that makes the task idempotent.
      - On the current API the name of the hold, mapped to its reservation id (see the description); a name with
        leading or trailing spaces is refused.
      - Required unless O(search_id) is given. With both, the search O(search_id) must have this name.
      - When the newest search with this name has ended (expired, cancelled, failed), O(state=reserved) creates a new one;
        O(state=purchased) fails and says so rather than reserving different numbers without being asked, except after
        status C(Error). Such a search bought nothing (the service can end a search in C(Error), error code 1011, even after
        reserving its numbers), so O(state=purchased) creates a new one too, unless one of the numbers it listed is acquired.
      - Two runs at once with the same name buy once. After creating a search the module lists the searches again; when
        another run created one with this name first, the oldest wins in both runs, and the run whose search lost cancels
        it before anything is bought and goes on with the winner.
      - A search found by name that was made with another quantity, area code or plans is not changed; with
        O(state=purchased) the task fails without buying it.
    type: str
  search_id:
    description:
      - Id of an existing search to address directly, as returned in RV(search.search_id). Nothing is created then.
        Legacy API only.
    type: str
  description:
    description:
      - Description of a new search (at most 255 characters). Legacy API only (default V(Reserved by acs.administration.acs_phone_search)).
    type: str
  phone_plan_ids:
    description:
      - Ids of the phone plans to reserve numbers from, all of the same country. Required to create a search. Legacy API only.
    type: list
    elements: str
  area_code:
    description:
      - Area code of the numbers, one the plans offer (see M(acs.administration.acs_area_code_info)). Required to create a search.
    type: str
  quantity:
    description:
      - How many numbers to reserve, at most the plan's C(maximum_search_size).
    type: int
    default: 1
  location_options:
    description:
      - Where the numbers are, for plans whose location type is C(Selection). One path from the top of the plan's location
        tree to a leaf, as a list of dictionaries with C(label_id) and C(value); for example state V(CA) then city
        V(NOAM-US-CA-LA), as in the EXAMPLES.
      - An entry of the C(location_paths) that M(acs.administration.acs_location_info) returns can be given as is;
        keys other than C(label_id) and C(value) are ignored.
      - Legacy API only.
    type: list
    elements: dict
  country_code:
    description:
      - ISO 3166 alpha-2 code of the country of the numbers. Current API; required there for O(state=reserved) and O(state=purchased).
    type: str
  phone_number_type:
    description:
      - Number type. Current API; required there for O(state=reserved) and O(state=purchased).
    type: str
    choices: [geographic, tollFree, mobile]
  assignment_type:
    description:
      - Assignment type. Current API; required there for O(state=reserved) and O(state=purchased).
    type: str
    choices: [person, application]
  capabilities:
    description:
      - Capabilities the numbers must offer, a dictionary with C(calling) and/or C(sms), each V(none), V(inbound),
        V(outbound) or V(inbound+outbound). Current API only.
    type: dict
  prefixes:
    description:
      - Number prefixes (digits) to browse, instead of O(area_code). Current API only.
    type: list
    elements: str
  total:
    description:
      - The most numbers matching the task (country, type, assignment, area code or prefixes) the resource may own.
        Current API; required there for O(state=purchased).
      - Buying stops at it - when the resource already owns O(total) matching numbers (those of purchases still running
        included) and there is no reservation of this name, nothing is bought and the task is not changed; when buying
        would go past it, the task fails before buying.
    type: int
  agree_to_not_resell:
    description:
      - Agree not to resell the numbers. Some offerings require it (France toll-free numbers, for example). When the held
        numbers say so (C(is_agreement_to_not_resell_required) true in RV(reservation.details)), the task fails before
        buying and names them. On V(2025-06-01) the service does not say so before the purchase (the value is null);
        its refusal then ends in the same sentence, with nothing bought, and check mode warns. Current API only.
    type: bool
    default: false
  state:
    description:
      - V(reserved) finds the search with this name or creates it, and waits until its numbers are reserved. A search that is
        already being purchased or purchased also satisfies V(reserved), so a play that reserves and then purchases stays idempotent.
      - V(purchased) reserves first when there is no search yet, waits for the reservation (even with O(wait=false)), purchases it
        once and waits for C(Success). A search that is already purchased is left alone.
      - V(cancelled) cancels a pending or reserved search and waits for C(Cancelled). A search that is already cancelled or
        expired, or no search with this name at all, is left alone; a purchased search cannot be cancelled. Legacy API only.
      - V(absent) deletes an active reservation (current API only; its numbers go back to the pool) and leaves the record
        of the drop (see the description). An expired, purchased, already dropped or missing reservation is left alone.
    type: str
    choices: [reserved, purchased, cancelled, absent]
    default: reserved
extends_documentation_fragment:
  - acs.administration.acs
  - acs.administration.acs.attributes
  - acs.administration.acs.wait
  - acs.administration.acs.phone_api_version
attributes:
  check_mode:
    description: Reads the search and reports what would be created, purchased or cancelled; sends no write and does not wait.
    support: full
  diff_mode:
    description: Shows the search's id, status and numbers before and after the task.
    support: full
notes:
  - A reservation lasts about 16 minutes. The module warns when a reservation expires within a minute of its purchase.
  - A search cannot be changed. When the search found by O(name) was created with another O(area_code), O(quantity) or
    O(phone_plan_ids), the module warns and leaves it as it is.
"""

EXAMPLES = r"""
- name: Hold, then buy, three geographic numbers in Seattle (current API)
  module_defaults:
    group/acs.administration.acs:
      connection_string: "{{ vault_acs_connection_string }}"
  block:
    - name: Hold three numbers in area code 206
      acs.administration.acs_phone_search:
        name: seattle-support
        country_code: US
        phone_number_type: geographic
        assignment_type: application
        capabilities: {calling: inbound+outbound, sms: none}
        area_code: "206"
        quantity: 3
      register: held

    - name: Show what is held
      ansible.builtin.debug:
        msg: "Held {{ held.reservation.phone_numbers | join(', ') }} until {{ held.reservation.expires_at }}"

    - name: Buy them; a rerun, even months later, buys nothing more than total
      acs.administration.acs_phone_search:
        name: seattle-support
        country_code: US
        phone_number_type: geographic
        assignment_type: application
        area_code: "206"
        quantity: 3
        total: 3
        state: purchased

- name: Drop a hold that is no longer needed; a rerun of a play that held it first neither holds nor drops again
  acs.administration.acs_phone_search:
    name: spare-numbers
    state: absent

- name: Reserve, then buy, two toll-free numbers (legacy API)
  module_defaults:
    group/acs.administration.acs:
      connection_string: "{{ vault_acs_connection_string }}"
      api_version: 2020-07-20-preview1
  block:
    - name: Reserve two numbers in area code 833
      acs.administration.acs_phone_search:
        name: support-line
        phone_plan_ids:
          - "{{ toll_free_plan_id }}"
        area_code: "833"
        quantity: 2
        state: reserved
      register: reservation

    - name: Show what was reserved
      ansible.builtin.debug:
        msg: "Reserved {{ reservation.search.phone_numbers | join(', ') }} until {{ reservation.search.reservation_expiry_date }}"

    - name: Purchase them; a rerun is safe, the search is found by its name and bought once
      acs.administration.acs_phone_search:
        name: support-line
        phone_plan_ids:
          - "{{ toll_free_plan_id }}"
        area_code: "833"
        quantity: 2
        state: purchased
      register: purchase

- name: Reserve a geographic number in Los Angeles, using a path from acs_location_info (legacy API)
  acs.administration.acs_phone_search:
    api_version: 2020-07-20-preview1
    name: la-office
    phone_plan_ids:
      - "{{ geographic_plan_id }}"
    area_code: "213"
    location_options:
      - label_id: state
        value: CA
      - label_id: city
        value: NOAM-US-CA-LA

- name: Give the reservation back (legacy API)
  acs.administration.acs_phone_search:
    api_version: 2020-07-20-preview1
    name: la-office
    state: cancelled

- name: Start a purchase of a known search and return without waiting for it to finish (legacy API)
  acs.administration.acs_phone_search:
    api_version: 2020-07-20-preview1
    search_id: "{{ reservation.search.search_id }}"
    state: purchased
    wait: false
"""

RETURN = r"""
stats:
  description: What the task took, C(requests), C(retries), C(polls) and C(waited_seconds), described in the acs doc fragment's notes.
  returned: always
  type: dict
search:
  description:
    - The search as the service shows it at the end of the task, with the API's fields in snake_case.
    - In check mode, when a search would be created, the options it would be created with (no C(search_id), C(status) null).
    - Null when O(state=cancelled) and there is no search with this name.
  returned: on the legacy API
  type: dict
  contains:
    search_id:
      description: Id of the search.
      type: str
      sample: 0cc077cd-333a-39fd-90f7-560b1e06c63e
    display_name:
      description: Its display name (O(name)).
      type: str
      sample: support-line
    description:
      description: Its description.
      type: str
    status:
      description:
        - C(Pending), C(InProgress), C(Reserved), C(Completing), C(PurchasePending), C(Success), C(Cancelling), C(Cancelled),
          C(Expired), C(Error), or another value of the service's SearchStatus.
      type: str
      sample: Reserved
    phone_numbers:
      description: The reserved (or purchased) numbers, in E.164 form.
      type: list
      elements: str
      sample: ["+18005550100", "+18005550101"]
    reservation_expiry_date:
      description: When the reservation ends unless it is purchased.
      type: str
      sample: "2020-11-21T03:58:53.6019273+00:00"
    phone_plan_ids:
      description: The plans of the search.
      type: list
      elements: str
    area_code:
      description: The area code of the search.
      type: str
      sample: "833"
    quantity:
      description: How many numbers were asked for.
      type: int
      sample: 2
    location_options:
      description: The location path of the search, as C(name)/C(value) pairs.
      type: list
      elements: dict
    created_at:
      description: When the search was created.
      type: str
    error_code:
      description: The service's error code when the status is C(Error).
      type: int
      sample: 1000
reservation:
  description: The reservation of O(name) (current API); in check mode what it would be.
  returned: on the current API, when the reservation exists or would be created
  type: dict
  contains:
    id:
      description: The reservation id, derived from O(name).
      type: str
      sample: 0b0e7c43-6a41-5b8e-9a0e-3f2b35f0e0a1
    name:
      description: O(name).
      type: str
      sample: seattle-support
    status:
      description: V(active), V(submitted), V(completed), V(expired) (V(deleted) after O(state=absent)).
      type: str
      sample: active
    expires_at:
      description: When the hold runs out (null in check mode for a new hold).
      type: str
    phone_numbers:
      description: The held (or bought) numbers, E.164, sorted.
      type: list
      elements: str
      sample: ["+12065551000", "+12065551001"]
    details:
      description: Per number - C(id), C(phone_number), C(country_code), C(phone_number_type), C(assignment_type),
        C(capabilities), C(status), C(is_agreement_to_not_resell_required) (null when the service does not say, as on
        V(2025-06-01)) and C(cost).
      type: list
      elements: dict
expired:
  description: Whether the reservation of O(name) expired (current API).
  returned: on the current API
  type: bool
  sample: false
dropped:
  description: Whether the hold of O(name) was dropped with O(state=absent), by this task or before (current API).
  returned: on the current API
  type: bool
  sample: false
actions:
  description: What the task did (or, in check mode, would do), in order.
  returned: always
  type: list
  elements: str
  sample: ["created search 0cc077cd-333a-39fd-90f7-560b1e06c63e ('support-line')",
           "waited for search 0cc077cd-333a-39fd-90f7-560b1e06c63e: Pending -> InProgress -> Reserved",
           "purchased search 0cc077cd-333a-39fd-90f7-560b1e06c63e",
           "waited for search 0cc077cd-333a-39fd-90f7-560b1e06c63e: Completing -> PurchasePending -> Success"]
msg:
  description: The same as RV(actions), in one sentence.
  returned: always
  type: str
waits:
  description: One entry per wait of the task.
  returned: always
  type: list
  elements: dict
  contains:
    phase:
      description: What was waited for, V(reservation), V(purchase) or V(cancellation).
      type: str
      sample: purchase
    search_id:
      description: The search polled.
      type: str
    polls:
      description: How many times the search was read.
      type: int
      sample: 4
    waited_seconds:
      description: Seconds from the first read to the last.
      type: float
      sample: 1.6
    statuses_seen:
      description: The statuses seen, in order.
      type: list
      elements: str
      sample: [Completing, PurchasePending, Success]
"""

from ansible_collections.acs.administration.plugins.module_utils.transport.errors import ACSError, TaskFailure
from ansible_collections.acs.administration.plugins.module_utils.drivers.locations import location_path_error
from ansible_collections.acs.administration.plugins.module_utils.module import AnsibleACSModule, phone_numbers_argument_spec
from ansible_collections.acs.administration.plugins.module_utils.drivers.reservations import ReservationLifecycle, Task
from ansible_collections.acs.administration.plugins.module_utils.results import reservation_result, search_diff, snake_dict
from ansible_collections.acs.administration.plugins.module_utils.drivers.searches_2020 import SearchLifecycle, create_options
from ansible_collections.acs.administration.plugins.module_utils.validation import country_code_error
from ansible_collections.acs.administration.plugins.module_utils.api.versions import (
    capabilities_error, driver, lacking_error, required_error, task_phone_numbers)

DEFAULT_DESCRIPTION = "Reserved by acs.administration.acs_phone_search"
GOAL = {"reserved": "Reserved", "purchased": "Success", "cancelled": "Cancelled"}


def _text_error(params):
    for option in ("name", "description"):
        value = params.get(option)
        if value is not None and (not value.strip() or len(value) > 255):
            return "%s must be 1 to 255 characters long." % option
    if params.get("name") is not None and params["name"] != params["name"].strip():
        return "name %r has leading or trailing spaces; a search is found by its exact name, so remove them." % params["name"]
    if params["quantity"] < 1:
        return "quantity must be 1 or more, not %d." % params["quantity"]
    area_code = params.get("area_code")
    if area_code is not None and not area_code.isdigit():
        return "area_code %r must be digits only, such as 800 or 425." % area_code
    if params.get("phone_plan_ids") is not None and not all(p and p.strip() for p in params["phone_plan_ids"]):
        return "phone_plan_ids must not contain empty ids."
    return None


def validate_current(params):
    return _name_and_state_error(params) or _numbers_error(params) or _hold_error(params)


def _name_and_state_error(params):
    """Current API: name is required and exact; state=cancelled does not exist."""
    name = params.get("name")
    if name is None:
        return required_error(params, "name")
    if not name.strip() or len(name) > 255 or name != name.strip():
        return "name %r must be 1 to 255 characters long, without leading or trailing spaces." % name
    if params["state"] == "cancelled":
        return ("state=cancelled does not exist in the phone numbers API %s: use state=absent to delete the reservation."
                % task_phone_numbers(params).API_VERSION)
    return None


def _numbers_error(params):
    """Current API: quantity, total, and area_code or prefixes (digits only)."""
    if params["quantity"] < 1:
        return "quantity must be 1 or more, not %d." % params["quantity"]
    if params["total"] is not None and params["total"] < 0:
        return "total must be 0 or more, not %d." % params["total"]
    if params["area_code"] and params["prefixes"]:
        return "area_code and prefixes are mutually exclusive; give one of them."
    for code in ([params["area_code"]] if params["area_code"] is not None else []) + list(params["prefixes"] or []):
        if not code.isdigit():
            return "area code or prefix %r must be digits only, such as 206 or 1425." % code
    return None


def _hold_error(params):
    """Current API, state reserved or purchased: what the numbers to hold are, and total to buy."""
    state = params["state"]
    if state == "absent":
        return None
    error = (required_error(params, "country_code", "phone_number_type", "assignment_type")
             or country_code_error(params["country_code"]) or capabilities_error(params["capabilities"]))
    if error:
        return error
    if state == "purchased" and params["total"] is None:
        return ("total is required with state=purchased on api_version %s: the most numbers matching the task the resource may "
                "own, so that a rerun after the service deleted the reservation (a month later) does not buy again."
                % task_phone_numbers(params).API_VERSION)
    return None


def validate(params):
    """An error sentence about the options, or None; runs before anything is sent."""
    error = lacking_error(params, "acs_phone_search")
    if error:
        return error
    return driver(params, current=validate_current, legacy=validate_legacy)(params)


def validate_legacy(params):
    if params["state"] == "absent":
        return "state=absent does not exist in the phone numbers API %s: use state=cancelled." % task_phone_numbers(params).API_VERSION
    error = _text_error(params) or (location_path_error(params["location_options"]) if params.get("location_options") is not None else None)
    if error:
        return error
    if not params.get("search_id") and params["state"] != "cancelled":
        missing = [o for o in ("phone_plan_ids", "area_code") if not params.get(o)]
        if missing:
            return "%s %s needed to create a search named %r (state=%s without search_id)." % (
                " and ".join(missing), "are" if len(missing) > 1 else "is", params["name"], params["state"])
    return None


def _options(params):
    """The CreateSearchOptions of the task, or None when it names no plans, area code or name."""
    if params.get("phone_plan_ids") and params.get("area_code") and params.get("name"):
        return create_options(params["name"], params["description"] or DEFAULT_DESCRIPTION, params["phone_plan_ids"], params["area_code"],
                              params["quantity"], params.get("location_options"))
    return None


def _report(module, lifecycle):
    search = lifecycle.search
    result = dict(changed=lifecycle.changed, actions=lifecycle.actions, waits=lifecycle.waits,
                  search=snake_dict(search) if search is not None else snake_dict(lifecycle.planned))
    if module.diff_mode:
        after = search_diff(search) if search is not None else search_diff(lifecycle.planned)
        if module.check_mode and lifecycle.changed:
            after = dict(after, status=GOAL[module.params["state"]])
        result["diff"] = dict(before=search_diff(lifecycle.before), after=after)
    return result


def _drive(module, step):
    """Find the search, take `step` (a SearchLifecycle method), and return the result; a failure keeps what was done."""
    params = module.params
    lifecycle = SearchLifecycle(module.client, module.phone_numbers_api, module.poller, warn=module.warn, **module.lifecycle_options())
    try:
        lifecycle.find(name=params.get("name"), search_id=params.get("search_id"))
        step(lifecycle)
    except TaskFailure as exc:
        exc.result = _report(module, lifecycle)
        raise
    except ACSError as exc:
        what = params.get("search_id") or repr(params.get("name"))
        raise TaskFailure("Could not bring search %s to state %s: %s" % (what, params["state"], exc), error=exc,
                          result=_report(module, lifecycle)) from None
    return dict(_report(module, lifecycle), msg="; ".join(lifecycle.actions) or "nothing to do")


def _current(module, step):
    """Drive the reservation of the task's name (current API)."""
    params = module.params
    task = Task(params["name"], (params["country_code"] or "").upper(), params["phone_number_type"], params["assignment_type"],
                params["capabilities"], params["area_code"], params["prefixes"], params["quantity"], params["total"],
                params["agree_to_not_resell"])
    lifecycle = ReservationLifecycle(module.client, module.phone_numbers_api, module.poller, task, warn=module.warn,
                                     **module.lifecycle_options())

    def report():
        result = dict(changed=lifecycle.changed, actions=lifecycle.actions, waits=lifecycle.waits, reservation=lifecycle.result(),
                      expired=lifecycle.expired, dropped=lifecycle.dropped)
        if module.diff_mode:
            before = reservation_result(lifecycle.before, params["name"]) if lifecycle.before else {}
            result["diff"] = dict(before=before, after=lifecycle.result() or {})
        return result

    try:
        step(lifecycle)
    except TaskFailure as exc:
        exc.result = report()
        raise
    except ACSError as exc:
        raise TaskFailure("Could not bring reservation %r to state %s: %s" % (params["name"], params["state"], exc), error=exc,
                          result=report()) from None
    return dict(report(), msg="; ".join(lifecycle.actions) or "nothing to do")


def ensure_reserved(module):
    return driver(module.params, current=_reserve_current, legacy=_reserve_legacy)(module)


def _reserve_current(module):
    return _current(module, lambda lifecycle: lifecycle.ensure_reserved())


def _reserve_legacy(module):
    return _drive(module, lambda lifecycle: lifecycle.ensure_reserved(_options(module.params), by_id=bool(module.params["search_id"])))


def ensure_purchased(module):
    return driver(module.params, current=_purchase_current, legacy=_purchase_legacy)(module)


def _purchase_current(module):
    return _current(module, lambda lifecycle: lifecycle.ensure_purchased())


def _purchase_legacy(module):
    return _drive(module, lambda lifecycle: lifecycle.ensure_purchased(_options(module.params), by_id=bool(module.params["search_id"])))


def ensure_absent(module):
    return _current(module, lambda lifecycle: lifecycle.ensure_absent())


def ensure_cancelled(module):
    return _drive(module, lambda lifecycle: lifecycle.ensure_cancelled())


def main():
    module = AnsibleACSModule(
        argument_spec=dict(
            name=dict(type="str"),
            search_id=dict(type="str"),
            description=dict(type="str"),
            phone_plan_ids=dict(type="list", elements="str"),
            area_code=dict(type="str"),
            quantity=dict(type="int", default=1),
            location_options=dict(type="list", elements="dict"),
            state=dict(type="str", choices=["reserved", "purchased", "cancelled", "absent"], default="reserved"),
            country_code=dict(type="str"),
            phone_number_type=dict(type="str", choices=["geographic", "tollFree", "mobile"]),
            assignment_type=dict(type="str", choices=["person", "application"]),
            capabilities=dict(type="dict"),
            prefixes=dict(type="list", elements="str"),
            total=dict(type="int"),
            agree_to_not_resell=dict(type="bool", default=False),
            **phone_numbers_argument_spec()
        ),
        wait=True,
        required_one_of=[["name", "search_id"]],
        supports_check_mode=True,
    )
    ensure = {"reserved": ensure_reserved, "purchased": ensure_purchased, "cancelled": ensure_cancelled,
              "absent": ensure_absent}[module.params["state"]]
    module.run(validate, ensure)


if __name__ == "__main__":
    main()
