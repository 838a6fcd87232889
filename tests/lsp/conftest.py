"""A real LSP client (pytest-lsp) driving `secl lsp`.

`SECL_BIN` names the binary (tests/lsp.rs sets it to the one cargo built).
"""

import os
import pathlib
import tempfile

import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

ROOT = pathlib.Path(__file__).resolve().parents[2]
SECL = os.environ.get("SECL_BIN") or str(ROOT / "target" / "debug" / "secl")
# A fixed "today" for the hover's week and month; no $SECL_FILE (the
# server ignores it anyway).
ENV = {k: v for k, v in os.environ.items() if k != "SECL_FILE"}
ENV["SECL_TODAY"] = "2024-01-10"
ENV["SECL_FILE"] = "/nonexistent/ignored.sec"
# No journal root above a test's directory is adopted.
ENV["SECL_CEILING_DIRECTORIES"] = tempfile.gettempdir()


def config():
    return ClientServerConfig(server_command=[SECL, "lsp"], server_env=ENV)


async def start(lsp_client: LanguageClient, encodings=None):
    # The server asks to watch `.sec` files (VS Code's capabilities allow it).
    lsp_client.registrations = []

    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams):
        lsp_client.registrations.extend(params.registrations)

    capabilities = client_capabilities("visual-studio-code")
    if encodings is not None:
        general = capabilities.general or types.GeneralClientCapabilities()
        general.position_encodings = encodings
        capabilities.general = general
    result = await lsp_client.initialize_session(
        types.InitializeParams(capabilities=capabilities)
    )
    lsp_client.init_result = result


@pytest_lsp.fixture(config=config())
async def client(lsp_client: LanguageClient):
    """A client that names no position encoding: UTF-16."""
    await start(lsp_client)
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=config())
async def client8(lsp_client: LanguageClient):
    """A client that prefers UTF-8 positions."""
    await start(
        lsp_client,
        [types.PositionEncodingKind.Utf8, types.PositionEncodingKind.Utf16],
    )
    yield
    await lsp_client.shutdown_session()
