# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Location options of a phone plan, in the three shapes the API and the modules use. Pure functions, no I/O.

* The tree (GetPhonePlanLocationOptions): a LocationOptions ``{labelId, labelName, options}`` whose options
  ``{name, value, locationOptions}`` may hold further LocationOptions, e.g. state -> city.
* A path: one way from the top of the tree to a leaf, as the modules return and take it:
  ``[{"label_id": "state", "value": "CA"}, {"label_id": "city", "value": "NOAM-US-CA-LA"}]``.
* The API's request shapes built from a path: LocationOptionsQuery ``[{labelId, optionsValue}]`` (GetAllAreaCodes)
  and LocationOptionsDetails ``[{name, value}]`` (CreateSearch).

Every function accepts the API's camelCase keys and the modules' snake_case keys alike.
"""

from __future__ import annotations


def _field(data, *names):
    """The first of `names` present in the dict `data` (None when there is none, or `data` is not a dict)."""
    if not isinstance(data, dict):
        return None
    for name in names:
        if name in data:
            return data[name]
    return None


def _groups(value):
    """A LocationOptions, a list of them, or nothing, as a list of LocationOptions dicts."""
    if isinstance(value, dict):
        return [value]
    if isinstance(value, (list, tuple)):
        return [v for v in value if isinstance(v, dict)]
    return []


def _options(group):
    return [o for o in (_field(group, "options") or []) if isinstance(o, dict)]


def location_paths(tree):
    """Every path from the top of a location tree to a leaf, in the order of the tree.

    `tree` is a LocationOptions dict (or a list of them; the ``{"locationOptions": ...}`` wrapper of the response
    is unwrapped too). Each path is a list of ``{"label_id", "value"}``. An option whose children are empty is a leaf.
    An option with several child groups gives the paths of each group in turn (the groups are alternatives).
    A tree without options (a plan whose location type is NotRequired) has no paths: ``[]``.
    """
    if isinstance(tree, dict) and "options" not in tree and _field(tree, "locationOptions", "location_options") is not None:
        tree = _field(tree, "locationOptions", "location_options")
    paths = []
    for group in _groups(tree):
        _walk(group, [], paths)
    return paths


def _walk(group, prefix, paths):
    """Append to `paths` the paths below one LocationOptions group, each starting with `prefix`."""
    label = _field(group, "labelId", "label_id")
    for option in _options(group):
        value = _field(option, "value")
        here = prefix + [{"label_id": label, "value": _field(option, "name") if value is None else value}]
        children = [g for g in _groups(_field(option, "locationOptions", "location_options")) if _options(g)]
        if not children:
            paths.append([dict(step) for step in here])  # each path owns its steps
        for child in children:
            _walk(child, here, paths)


def _pairs(path):
    """(label_id, value) of each step of a path given in snake_case or in either API shape."""
    for step in path or []:
        label = _field(step, "label_id", "labelId", "name")
        value = _field(step, "value", "optionsValue", "options_value")
        yield label, value


def location_path_error(path, option="location_options"):
    """An error sentence when `path` is not a list of {label_id, value} with non-empty strings; None when it is."""
    if not isinstance(path, (list, tuple)):
        return "%s must be a list of {label_id, value} items, as in a path of acs_location_info's location_paths." % option
    for index, step in enumerate(path):
        if not isinstance(step, dict):
            return "%s[%d] must be a dictionary with label_id and value, not %r." % (option, index, step)
        for label, value in _pairs([step]):
            for name, text in (("label_id", label), ("value", value)):
                if not isinstance(text, str) or not text.strip():
                    return "%s[%d].%s must be a non-empty string, not %r." % (option, index, name, text)
    return None


def location_query(path):
    """A path as the API's LocationOptionsQuery list: ``[{"labelId", "optionsValue"}]`` (GetAllAreaCodes)."""
    return [{"labelId": label, "optionsValue": value} for label, value in _pairs(path)]


def location_details(path):
    """A path as the API's LocationOptionsDetails list: ``[{"name": label_id, "value"}]`` (CreateSearch's locationOptions)."""
    return [{"name": label, "value": value} for label, value in _pairs(path)]
