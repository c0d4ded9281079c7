"""What the SDK conformance suites share: one scenario drives the sync and the aio client alike."""

import inspect
from urllib.parse import unquote, urlparse

import pytest
from azure.core.exceptions import HttpResponseError


class Recorder:
    """A raw_response_hook: keeps every response the SDK pipeline saw (polls and pages included). The aio pipeline
    calls the hook before it reads the body, so bodies are read afterwards."""

    def __init__(self):
        self.http_responses = []

    def __call__(self, pipeline_response):
        self.http_responses.append(pipeline_response.http_response)

    def responses(self):
        """(method, path, status, content type, body) of each response."""
        return [(http.request.method, unquote(urlparse(http.request.url).path), http.status_code, http.headers.get("Content-Type"),
                 http.body()) for http in self.http_responses]


class Calls:
    """Call a method of either client the same way: awaits what the aio client returns, collects pages of either."""

    def __init__(self, client):
        self.client = client
        self.called = set()

    async def __call__(self, name, *args, **kwargs):
        self.called.add(name)
        result = getattr(self.client, name)(*args, **kwargs)
        if inspect.isawaitable(result):
            result = await result
        if hasattr(result, "__aiter__"):
            return [item async for item in result]
        if hasattr(result, "by_page"):
            return list(result)
        return result

    async def refused(self, name, *args):
        """The HttpResponseError a call raises."""
        with pytest.raises(HttpResponseError) as caught:
            await self(name, *args)
        return caught.value

    @staticmethod
    async def result(poller):
        """The final result of a sync or aio poller."""
        value = poller.result()
        return await value if inspect.isawaitable(value) else value

    @staticmethod
    async def status(poller):
        """The status of a sync or aio poller."""
        return poller.status()
