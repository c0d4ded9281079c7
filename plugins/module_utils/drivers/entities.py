# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reading searches or releases for the info modules: one by id, or the list, each optionally read in full.

Works through the module (AnsibleACSModule) for its client, API module and paging; no Ansible imports.
"""

from __future__ import annotations

from ansible_collections.acs.administration.plugins.module_utils.transport.errors import ACSError, ACSNotFoundError, TaskFailure, error_message
from ansible_collections.acs.administration.plugins.module_utils.results import release_result, search_result


def _get(get_entity, client, kind, entity_id):
    """The full entity; None when it does not exist."""
    try:
        return get_entity(client, entity_id)
    except ACSNotFoundError:
        return None
    except ACSError as exc:
        raise TaskFailure(error_message(exc, "Could not read %s %s" % (kind, entity_id)), error=exc) from None


# What an info module reads of each kind: the list function, the read-by-id function, the conversion to its result.
KINDS = {
    "search": ("list_searches", "get_search", search_result),
    "release": ("list_releases", "get_release", release_result),
}


def read_entities(module, kind, entity_id=None, name=None, details=False):
    """The `kind`s (search, release) an info module returns.

    By id: the full entity, or none when it does not exist. Else the list (all pages when filtering by display
    `name`, then cut to the limit), each read in full when `details` or `name` is given; one that cannot be read any
    more keeps its summary.
    """
    list_name, get_name, to_result = KINDS[kind]
    api, client = module.phone_numbers_api, module.client
    api_get = getattr(api, get_name)
    if entity_id is not None:
        full = _get(api_get, client, kind, entity_id.strip())
        return [] if full is None else [to_result(full=full)]
    paging = module.paging()
    limit = paging["limit"]
    if name is not None:
        paging["limit"] = None
    try:
        summaries = getattr(api, list_name)(client, **paging)
    except ACSError as exc:
        raise TaskFailure("Could not list the %s: %s" % ("searches" if kind == "search" else kind + "s", exc), error=exc) from None
    if name is not None:
        summaries = [s for s in summaries if s.get("displayName") == name][:limit or None]
    return [to_result(s, _get(api_get, client, kind, s.get("id")) if (details or name is not None) else None) for s in summaries]
