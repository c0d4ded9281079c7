"""The AWX path (issue 24, item 5): the playbooks run the way AWX / Ansible Automation Platform runs them, and the
documented execution environment turns into a build context.

AWX runs a job with ansible-runner on a private data directory: project/ (the project's checkout, with the collections
of its collections/requirements.yml installed beside it), inventory/, env/envvars (among them what the job's
credentials inject), env/extravars, and artifacts/<ident>/ where runner writes the job events. Each job gets a new
directory. This test builds that directory, with the credential injected by the custom credential type of
docs/awx/credential_type.yml (rendered here as AWX renders it), runs provision_numbers.yml and onboard_users.yml against
the emulator twice, and reads from the second job's events that it changed nothing.

    .venv/bin/python -m pytest -q tests/awx
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from jinja2.sandbox import SandboxedEnvironment

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "tests" / "resilience"))
from acs_resilience import Emulator  # noqa: E402  pylint: disable=wrong-import-position

CREDENTIAL_TYPE = ROOT / "docs" / "awx" / "credential_type.yml"
EXECUTION_ENVIRONMENT = ROOT / "docs" / "awx" / "execution-environment.yml"
PLAYBOOKS = ("provision_numbers.yml", "onboard_users.yml")
EXTRA_VARS = {"acs_quantity": 1, "acs_search_name": "awx-line", "acs_user_names": ["awx-alice", "awx-bob"]}


def clean_env():
    """The environment of the AWX node: no ACS_ or ANSIBLE_ settings of this shell (pytest-ansible sets some), this
    interpreter's tools first on PATH."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ACS_", "ANSIBLE_"))}
    env["PATH"] = "%s%s%s" % (BIN, os.pathsep, os.environ.get("PATH", ""))
    return env


def _tool(name):
    tool = BIN / name
    if not tool.exists():
        pytest.fail("%s is not installed next to %s: pip install -r requirements-dev.txt" % (name, sys.executable))
    return str(tool)


@pytest.fixture(name="emulator", scope="module")
def fixture_emulator(tmp_path_factory):
    running = Emulator(tmp_path_factory.mktemp("emulator"), speed=50).start()
    yield running
    running.stop()


@pytest.fixture(name="collection_tarball", scope="module")
def fixture_collection_tarball(tmp_path_factory):
    """The collection as a project's collections/requirements.yml gets it: a built tarball."""
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run([_tool("ansible-galaxy"), "collection", "build", "--output-path", str(dist), str(ROOT)],
                   check=True, capture_output=True, timeout=120)
    return next(dist.glob("acs-administration-*.tar.gz"))


def render_injectors(inputs, files_dir):
    """What a credential of the type in docs/awx/credential_type.yml injects, rendered the way AWX renders it: each
    file template to a file (its path as tower.filename.<name>), then the env templates, with the inputs (an input
    that is not given renders as empty)."""
    definition = yaml.safe_load(CREDENTIAL_TYPE.read_text())
    fields = [field["id"] for field in definition["inputs"]["fields"]]
    assert set(definition["inputs"]["required"]) <= set(inputs), "required inputs missing"
    context = dict({name: "" for name in fields}, **inputs)
    jinja = SandboxedEnvironment()
    filenames = {}
    for key, template in definition["injectors"].get("file", {}).items():
        name = key.split(".", 1)[1]
        path = files_dir / ("credential_%s" % name)
        path.write_text(jinja.from_string(template).render(context))
        path.chmod(0o600)
        filenames[name] = str(path)
    context["tower"] = {"filename": filenames}
    return {var: jinja.from_string(template).render(context) for var, template in definition["injectors"]["env"].items()}


def private_data_dir(base, tarball, credential_env, shared_state):
    """A job's private data directory as AWX lays it out (a new one per job)."""
    pdd = base
    project = pdd / "project"
    shutil.copytree(ROOT / "playbooks", project)
    (project / "collections").mkdir()
    (project / "collections" / "requirements.yml").write_text(yaml.safe_dump(
        {"collections": [{"name": str(tarball), "type": "file"}]}))
    # the project update installs the project's collections; the job finds them through ANSIBLE_COLLECTIONS_PATH
    collections = pdd / "requirements_collections"
    install = subprocess.run([_tool("ansible-galaxy"), "collection", "install", "-r",
                              str(project / "collections" / "requirements.yml"), "-p", str(collections)],
                             capture_output=True, text=True, timeout=120, check=False,
                             env=dict(clean_env(), ANSIBLE_HOME=str(pdd / ".ansible-home")))
    assert (collections / "ansible_collections" / "acs" / "administration").is_dir(), install.stdout + install.stderr
    (pdd / "inventory").mkdir()
    # the localhost of AWX's inventories: the EE's own Python runs the modules
    (pdd / "inventory" / "hosts").write_text(
        "localhost ansible_connection=local ansible_python_interpreter='{{ ansible_playbook_python }}'\n")
    env_dir = pdd / "env"
    env_dir.mkdir()
    envvars = dict(credential_env, ANSIBLE_COLLECTIONS_PATH=str(collections), ANSIBLE_COLLECTIONS_SCAN_SYS_PATH="false",
                   ANSIBLE_HOME=str(pdd / ".ansible-home"), HOME=str(shared_state / "home"),
                   # token files outlive a job only on a volume that every job mounts (docs/awx.md)
                   ACS_STATE_DIR=str(shared_state / "acs"), ANSIBLE_NOCOLOR="1")
    (env_dir / "envvars").write_text(yaml.safe_dump(envvars))
    (env_dir / "extravars").write_text(yaml.safe_dump(EXTRA_VARS))
    return pdd


def run_job(pdd, playbook, ident):
    """ansible-runner run, as AWX starts a job; its events from artifacts/<ident>/job_events."""
    proc = subprocess.run([_tool("ansible-runner"), "run", str(pdd), "-p", playbook, "--ident", ident],
                          capture_output=True, text=True, timeout=300, env=clean_env(), check=False)
    artifacts = pdd / "artifacts" / ident
    files = sorted((artifacts / "job_events").glob("*.json"), key=lambda p: int(p.name.split("-", 1)[0]))
    events = [json.loads(path.read_text()) for path in files]
    assert proc.returncode == 0 and (artifacts / "status").read_text() == "successful", proc.stdout[-5000:]
    return events


def changed_tasks(events):
    return [event["event_data"].get("task") for event in events
            if event["event"] == "runner_on_ok" and event["event_data"].get("res", {}).get("changed")]


def recap(events):
    stats = [event["event_data"] for event in events if event["event"] == "playbook_on_stats"]
    assert len(stats) == 1, [event["event"] for event in events]
    return stats[0]


def test_the_playbooks_run_by_ansible_runner_with_an_injected_credential_change_nothing_the_second_time(
        emulator, collection_tarball, tmp_path):
    inputs = {"connection_string": emulator.connection_string, "ca_certificate": Path(emulator.ca_path).read_text()}
    shared_state = tmp_path / "volume"
    access_key = emulator.connection_string.rsplit("accesskey=", 1)[1]
    for job in ("first", "second"):
        pdd = tmp_path / job
        pdd.mkdir()
        credential_env = render_injectors(inputs, pdd)
        assert credential_env["ACS_CONNECTION_STRING"] == emulator.connection_string
        assert Path(credential_env["ACS_CA_PATH"]).read_text() == inputs["ca_certificate"]
        private_data_dir(pdd, collection_tarball, credential_env, shared_state)
        for playbook in PLAYBOOKS:
            events = run_job(pdd, playbook, "%s-%s" % (job, playbook.split(".", maxsplit=1)[0]))
            stats = recap(events)
            assert not stats["failures"] and not stats["dark"], stats
            if job == "first":
                assert stats["changed"].get("localhost"), (playbook, stats)
            else:
                assert not stats["changed"] and not changed_tasks(events), (playbook, stats, changed_tasks(events))
            # the injected secret never shows in what the job records
            assert access_key not in json.dumps(events)
    stats = emulator.stats()
    # bought once, users created once, their tokens issued once and reused by the second job (acs_user also gives each
    # user it creates by custom id a discarded token, by whose lastTokenIssuedAt later runs find it: 2 tokens per user)
    assert stats["ga_numbers_purchased"] == EXTRA_VARS["acs_quantity"], stats
    assert stats["users_created"] == len(EXTRA_VARS["acs_user_names"]), stats
    assert stats["tokens_issued"] == 2 * len(EXTRA_VARS["acs_user_names"]), stats


def test_no_credential_needed_in_the_playbooks_or_extra_vars():
    """The connection comes from the credential only: nothing in the project or the extra vars names it."""
    for playbook in PLAYBOOKS:
        text = (ROOT / "playbooks" / playbook).read_text()
        assert "acs_connection_string | default(omit)" in text
    assert not {"acs_connection_string", "acs_ca_path"} & set(EXTRA_VARS)


def test_the_documented_execution_environment_becomes_a_build_context_with_the_collections_requirements(tmp_path):
    context = tmp_path / "context"
    proc = subprocess.run([_tool("ansible-builder"), "create", "-f", str(EXECUTION_ENVIRONMENT), "-c", str(context)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    containerfile = next(p for p in (context / "Containerfile", context / "Dockerfile") if p.exists())
    assert "ansible-galaxy" in containerfile.read_text() or "assemble" in containerfile.read_text()
    listed = (context / "_build" / "requirements.txt").read_text().splitlines()
    names = {line.split(">")[0].split("=")[0].split("<")[0].strip().lower() for line in listed
             if line.strip() and not line.startswith("#")}
    assert {"jmespath"} <= names, listed
    runtime = [line for line in (ROOT / "requirements.txt").read_text().splitlines() if line and not line.startswith("#")]
    assert set(runtime) <= set(listed), (runtime, listed)
    galaxy = yaml.safe_load((context / "_build" / "requirements.yml").read_text())
    assert {"name": "acs.administration"} in galaxy["collections"], galaxy
