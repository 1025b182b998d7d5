"""Swedish bank account numbers: clearing number + account number, validated per bank.

Validation uses `bankkonto` (MIT), which implements Bankgirot's "Bankernas kontonummeruppbyggnad":
the clearing number decides the bank, the account's length and its check digit (modulus 10 or
11). Swedbank's 8xxx-x clearing numbers have a fifth digit, a check digit that is not part of the
account; in the payment file the clearing number is given with its first four digits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bankkonto.account import (
    expected_account_length,
    get_account_number_format_based_on_clearing_number,
    validate,
)
from bankkonto.exceptions import BankkontoException, SwedbankBankkontoValidationError


class InvalidBankAccountError(ValueError):
    """The clearing or account number is not a valid Swedish bank account (message in Swedish)."""


@dataclass(frozen=True)
class BankAccount:
    clearing: str  # 4 digits, or 5 for Swedbank 8xxx-x
    account: str  # digits only, at the length the bank uses
    bank: str

    @property
    def clearing4(self) -> str:
        return self.clearing[:4]

    @property
    def bban(self) -> str:
        """Clearing number (four digits) followed by the account number: the domestic BBAN."""
        return f"{self.clearing4}{self.account}"

    def masked(self) -> str:
        """For staff pages and logs: the bank and the last four digits only."""
        return f"{self.bank} ****{self.account[-4:]}"


def _digits(value: object) -> str:
    return re.sub(r"\D", "", str(value or ""))


def parse_bank_account(clearing: object, account: object) -> BankAccount:
    """Clean and validate; raises InvalidBankAccountError with a Swedish message."""
    clearing_digits = _digits(clearing)
    account_digits = _digits(account)
    if not clearing_digits:
        raise InvalidBankAccountError("Clearingnummer saknas.")
    if not account_digits:
        raise InvalidBankAccountError("Kontonummer saknas.")
    try:
        bank, kind, _format, _footnote = get_account_number_format_based_on_clearing_number(
            clearing_digits
        )
        expected = expected_account_length(clearing_digits)
    except BankkontoException:
        raise InvalidBankAccountError(
            "Clearingnumret hör inte till någon svensk bank. Kontrollera numret (4 siffror, "
            "Swedbank ibland 5)."
        ) from None
    if kind == 2 and len(account_digits) < expected:
        # Type 2 accounts are often written without leading zeros; zeros do not change the
        # modulus 10/11 check, so padding is safe.
        account_digits = account_digits.zfill(expected)
    if len(account_digits) != expected:
        raise InvalidBankAccountError(
            f"Kontonumret hos {bank} ska ha {expected} siffror (utan clearingnummer)."
        )
    try:
        validate(clearing_digits, account_digits)
    except SwedbankBankkontoValidationError:
        # Bankgirot: a few of Swedbank's accounts do not pass the check; staff confirm them.
        raise InvalidBankAccountError(
            "Kontonumret hos Swedbank kunde inte kontrolleras. En handläggare stämmer av det."
        ) from None
    except BankkontoException:
        raise InvalidBankAccountError(
            "Kontonumret stämmer inte (kontrollsiffran är fel). Kontrollera numret."
        ) from None
    return BankAccount(clearing=clearing_digits, account=account_digits, bank=bank)


# --- Bankgiro, plusgiro and OCR (a landlord paid straight, docs/adr/0175) ---------------------


def _luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        number = int(char) * (2 if index % 2 else 1)
        total += number - 9 if number > 9 else number
    return total % 10 == 0


def parse_giro(scheme: str, number: object) -> str:
    """A bankgiro (7–8 digits) or plusgiro (2–8 digits) number, digits only, with its check
    digit (modulus 10) verified; raises InvalidBankAccountError with a Swedish message."""
    digits = _digits(number)
    name = "Bankgironumret" if scheme == "bankgiro" else "Plusgironumret"
    lengths = range(7, 9) if scheme == "bankgiro" else range(2, 9)
    if scheme not in ("bankgiro", "plusgiro"):
        raise InvalidBankAccountError("Välj bankgiro eller plusgiro.")
    if len(digits) not in lengths:
        shape = "7 eller 8 siffror" if scheme == "bankgiro" else "2 till 8 siffror"
        raise InvalidBankAccountError(f"{name} ska ha {shape}.")
    if not _luhn_ok(digits):
        raise InvalidBankAccountError(f"{name} stämmer inte (kontrollsiffran är fel).")
    return digits


def parse_ocr(value: object) -> str:
    """An OCR reference: 2–25 digits whose last digit is the modulus 10 check digit. Empty
    stays empty (then the payment carries a message instead)."""
    text = str(value or "").strip()
    if not text:
        return ""
    digits = _digits(text)
    if digits != re.sub(r"[\s-]", "", text) or not 2 <= len(digits) <= 25:
        raise InvalidBankAccountError("OCR-numret ska bara ha siffror, 2 till 25 stycken.")
    if not _luhn_ok(digits):
        raise InvalidBankAccountError(
            "OCR-numret stämmer inte (kontrollsiffran är fel). Skriv det som det står på avin."
        )
    return digits
