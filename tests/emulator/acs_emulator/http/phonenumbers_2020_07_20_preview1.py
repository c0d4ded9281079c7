"""PhoneNumberAdministration api-version 2020-07-20-preview1: the responses (routes in routes.py).

Lists page with skip/take (defaults 0/100); `locale` picks the names' language (default en-US).
"""

from .responses import Reply


def _locale(call):
    return call.query.get("locale") or "en-US"


def _ok(result):
    return Reply(200, result)


# catalogue
def countries(call):
    """GET countries."""
    return call.paged("countries", lambda skip, take: call.backend.phone.countries(_locale(call), skip, take))


def plan_groups(call):
    """GET countries/{cc}/phoneplangroups."""
    include = call.bool_param("includeRateInformation")
    return call.paged("phonePlanGroups", lambda skip, take: call.backend.phone.plan_groups(
        call.args["country_code"], _locale(call), include, skip, take))


def plans(call):
    """GET countries/{cc}/phoneplangroups/{group}/phoneplans."""
    return call.paged("phonePlans", lambda skip, take: call.backend.phone.plans(
        call.args["country_code"], call.args["group_id"], _locale(call), skip, take))


def location_options(call):
    """GET .../phoneplans/{plan}/locationoptions."""
    args = call.args
    return _ok(call.backend.phone.location_options(args["country_code"], args["group_id"], args["plan_id"], _locale(call)))


def area_codes(call):
    """POST countries/{cc}/areacodes?locationType&phonePlanId (one page: nextLink null)."""
    codes = call.backend.phone.area_codes(call.args["country_code"], call.query.get("locationType"),
                                          call.query.get("phonePlanId"), call.json(False))
    return _ok(dict(codes, nextLink=None))


# acquired numbers and their configuration
def acquired_numbers(call):
    """GET phonenumbers."""
    return call.paged("phoneNumbers", lambda skip, take: call.backend.phone.acquired_numbers(_locale(call), skip, take))


def _model_call(method, *path_params, body=False, status=200, empty=False):
    """A handler that calls phone.<method>(path parameters..., [the JSON body]) and answers `status` with the result
    (or with an empty body when `empty`)."""
    def handle(call):
        params = [call.args[name] for name in path_params] + ([call.json(True)] if body else [])
        result = getattr(call.backend.phone, method)(*params)
        return Reply(status, None if empty else result)
    handle.__name__ = handle.__qualname__ = method
    handle.__doc__ = "PhoneNumberAdministration: %s -> %d." % (method, status)
    return handle


get_configuration = _model_call("get_configuration", body=True)                      # POST numberconfiguration
configure = _model_call("configure", body=True, empty=True)                          # PATCH numberconfiguration/configure
unconfigure = _model_call("unconfigure", body=True, empty=True)                      # PATCH numberconfiguration/unconfigure
update_capabilities = _model_call("update_capabilities", body=True)                  # POST capabilities -> {capabilitiesUpdateId}
get_capabilities_update = _model_call("get_capabilities_update", "update_id")        # GET capabilities/{id}
create_search = _model_call("create_search", body=True, status=201)                  # POST searches -> {searchId}
get_search = _model_call("get_search", "search_id")                                  # GET searches/{id}
cancel_search = _model_call("cancel_search", "search_id", status=202, empty=True)    # POST searches/{id}/cancel
purchase_search = _model_call("purchase_search", "search_id", status=202, empty=True)  # POST searches/{id}/purchase
release = _model_call("release", body=True)                                          # POST releases -> {releaseId}
get_release = _model_call("get_release", "release_id")                               # GET releases/{id}


def list_searches(call):
    """GET searches."""
    return call.paged("entities", call.backend.phone.list_searches)


def list_releases(call):
    """GET releases."""
    return call.paged("entities", call.backend.phone.list_releases)
