# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The version the modules send in their User-Agent is the one galaxy.yml declares (a module cannot read galaxy.yml
at run time: only module_utils travel with it)."""

import pathlib

import yaml

from ansible_collections.acs.administration.plugins.module_utils.module import COLLECTION_VERSION

GALAXY_YML = pathlib.Path(__file__).resolve().parents[4] / "galaxy.yml"


def test_collection_version_is_galaxy_yml_version():
    assert COLLECTION_VERSION == yaml.safe_load(GALAXY_YML.read_text(encoding="utf-8"))["version"]
