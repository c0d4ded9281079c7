#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: acs_release_info
short_description: List the phone number releases of an Azure Communication Services resource
version_added: 0.1.0
description:
  - Legacy API only (O(api_version=2020-07-20-preview1)). On the current API V(2025-06-01), the default, the task
    fails - releases are one long-running operation per number there, reported by
    M(acs.administration.acs_phone_number) with state=released.
  - Lists the releases of the resource; a release gives acquired numbers back, and runs for a while before it is complete.
  - With O(release_id), reads that one release in full, with the status of each of its numbers.
  - Otherwise lists every release in summary (id, status, quantities); O(details=true) reads each one in full.
  - Follows every page of the list, or stops at O(limit).
author:
  - ACS Administration maintainers (@acs-administration)
options:
  release_id:
    description:
      - Id of the release to read. The result is empty when no release has this id.
    type: str
  details:
    description:
      - When listing, also read each release in full, one request per release.
      - A release picked by O(release_id) is always read in full.
    type: bool
    default: false
extends_documentation_fragment:
  - acs.administration.acs
  - acs.administration.acs.phone_api_version
  - acs.administration.acs.attributes
  - acs.administration.acs.info_module
  - acs.administration.acs.paging
seealso:
  - module: acs.administration.acs_phone_number_info
  - module: acs.administration.acs_phone_search_info
"""

EXAMPLES = r"""
- name: List every release in summary
  acs.administration.acs_release_info:
    api_version: 2020-07-20-preview1
  register: releases

- name: Read one release, with the status of each number
  acs.administration.acs_release_info:
    api_version: 2020-07-20-preview1
    release_id: 5a1ff1e6-59c5-4c11-a3a6-e8f4bbb1ed7c
  register: one_release

- name: Did every number of it go?
  ansible.builtin.debug:
    msg: "{{ one_release.releases[0].phone_number_release_status_details | dict2items | map(attribute='value.status') | list }}"
  when: one_release.releases | length > 0

- name: Ids of the releases that failed, with the status of each of their numbers
  acs.administration.acs_release_info:
    api_version: 2020-07-20-preview1
    details: true
    query: "releases[?status=='Failed'].{id: release_id, numbers: phone_number_release_status_details}"
  register: failed_releases

- name: Ids of the releases still running
  acs.administration.acs_release_info:
    api_version: 2020-07-20-preview1
    query: "releases[?status=='Pending' || status=='InProgress'].release_id"
  register: running
"""

RETURN = r"""
stats:
  description: What the task took, C(requests), C(retries), C(polls) and C(waited_seconds), described in the acs doc fragment's notes.
  returned: always
  type: dict
releases:
  description:
    - The releases, in the order the service lists them (the one release for O(release_id)).
    - C(error_message) and C(phone_number_release_status_details) are only there when the release was read in full
      (O(release_id) or O(details=true)); C(quantity), C(quantity_obtained) and C(display_name) only come with the list.
  returned: always
  type: list
  elements: dict
  contains:
    release_id:
      description: Id of the release.
      type: str
      sample: 5a1ff1e6-59c5-4c11-a3a6-e8f4bbb1ed7c
    created_at:
      description: When the release was created (ISO 8601).
      type: str
      sample: "2020-11-21T03:42:48.6019273+00:00"
    status:
      description: Status of the release, V(Pending), V(InProgress), V(Complete), V(Failed) or V(Expired).
      type: str
      sample: Complete
    quantity:
      description: How many numbers the release gives back.
      type: int
      returned: when the release comes from the list
      sample: 1
    quantity_obtained:
      description: How many of them are released.
      type: int
      returned: when the release comes from the list
      sample: 1
    display_name:
      description: What the service lists as the release's name (often V(<missing>)).
      type: str
      returned: when the release comes from the list
    error_message:
      description: Why the release failed, when it did (read in full).
      type: str
      returned: when the release was read in full and the service gives one
    phone_number_release_status_details:
      description:
        - The status of each number, keyed by the number (read in full). Each value has C(status)
          (V(Pending), V(InProgress), V(Success) or V(Error)) and, on error, C(error_code).
      type: dict
      returned: when the release was read in full
      sample: {"+14255550100": {"status": "Success"}}
query_result:
  description: The value of O(query) evaluated against C({releases}). Only when O(query) is given.
  returned: when query is given
  type: raw
  sample: ["5a1ff1e6-59c5-4c11-a3a6-e8f4bbb1ed7c"]
"""

from ansible_collections.acs.administration.plugins.module_utils.drivers.entities import read_entities
from ansible_collections.acs.administration.plugins.module_utils.module import AnsibleACSModule
from ansible_collections.acs.administration.plugins.module_utils.module import phone_numbers_argument_spec
from ansible_collections.acs.administration.plugins.module_utils.api.versions import lacking_error
from ansible_collections.acs.administration.plugins.module_utils.validation import not_empty_error


def validate(params):
    return lacking_error(params, "acs_release_info") or not_empty_error(params, "release_id")


def ensure_read(module):
    releases = read_entities(module, "release", entity_id=module.params["release_id"], details=module.params["details"])
    return dict(changed=False, releases=releases)


def main():
    module = AnsibleACSModule(
        argument_spec=dict(
            **phone_numbers_argument_spec(),
            release_id=dict(type="str"),
            details=dict(type="bool", default=False),
        ),
        info_module=True, paging=True,
    )
    module.run(validate, ensure_read)


if __name__ == "__main__":
    main()
