"""The start loads pycryptodome through ctypes (bot.cli.load_pycryptodome_through_ctypes), and
what matrix-nio does with it — encrypting a file for an encrypted room — works the same."""

import subprocess
import sys

IN_A_FRESH_PROCESS = """
import sys
from bot.cli import load_pycryptodome_through_ctypes

load_pycryptodome_through_ctypes()
import Crypto.Util._raw_api as raw
from nio.crypto.attachments import decrypt_attachment, encrypt_attachment

assert raw.backend == "ctypes", raw.backend
assert "pycparser" not in sys.modules, "no C declarations parsed"
data, keys = encrypt_attachment(b"Protokoll der Sitzung")
assert data != b"Protokoll der Sitzung"
plain = decrypt_attachment(data, keys["key"]["k"], keys["hashes"]["sha256"], keys["iv"])
assert plain == b"Protokoll der Sitzung"
import cffi  # other packages still find it
print(cffi.__version__)
"""


def test_files_are_encrypted_with_pycryptodome_bound_through_ctypes() -> None:
    run = subprocess.run([sys.executable, "-c", IN_A_FRESH_PROCESS], capture_output=True,
                         text=True)
    assert run.returncode == 0, run.stderr
