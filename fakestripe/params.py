"""What Stripe accepts in a request, read from the installed `stripe` package's parameter types.

Why: Stripe refuses any parameter its API version does not define, and a fake that accepts more
lets the app send something the pinned version refuses (a typo, or `payment_method_types`, which
2026-10-28.endive removed from Checkout) and pass every test. The package's `*Params` TypedDicts
(`stripe.params.checkout.SessionCreateParams`...) are generated from the OpenAPI spec of the
version it pins, so checking a request against them checks it against that version, and an
upgrade of the package moves the fake with it. No parameter name is written down here.

A request arrives form-encoded and decoded (`decode_form`): nested dicts and lists of strings.
So numbers and booleans are parsed from their text as Stripe parses them, and an empty string
means "unset", which only parameters typed `Literal['']` allow.
"""

from __future__ import annotations

import re
import types
import typing
from decimal import Decimal
from functools import cache
from typing import Any, Literal, Union, get_args, get_origin

import stripe

# The stripe package builds its TypedDicts with typing_extensions (a dependency of its own),
# whose TypedDicts typing.is_typeddict does not recognise on Python 3.11.
from typing_extensions import is_typeddict

# Top-level parameter types inherit the client's request options (api_key, idempotency_key...).
# The client sends those as headers, never as parameters.
REQUEST_OPTIONS = frozenset(stripe.RequestOptions.__annotations__)


class ParamRefused(ValueError):
    """A parameter the pinned API version does not accept: Stripe's 400, with its param path
    (`line_items[0][price_data][foo]`) and code."""

    def __init__(self, message: str, param: str, code: str | None = None):
        super().__init__(message)
        self.message, self.param, self.code = message, param, code


def check_params(params_type: type, params: dict[str, Any]) -> None:
    """Raise ParamRefused for the first thing in `params` that `params_type` does not allow."""
    _check_object(params_type, params, "")


@cache
def _fields(params_type: type) -> dict[str, tuple[Any, bool]]:
    """{name: (type, required)} for a params TypedDict, in declaration order.

    typing.get_type_hints cannot evaluate the inherited request options' annotations (they
    name types imported only for type checkers), so only the class's own parameters are
    evaluated, in the namespace of the module that declares them.
    """
    inherited = REQUEST_OPTIONS if stripe.RequestOptions in params_type.__orig_bases__ else ()
    own = {
        name: annotation
        for name, annotation in params_type.__annotations__.items()
        if name not in inherited
    }
    holder = type(params_type.__name__, (), {"__annotations__": own})
    holder.__module__ = params_type.__module__
    hints = typing.get_type_hints(holder)  # also unwraps NotRequired[...]
    return {name: (hints[name], name in params_type.__required_keys__) for name in own}


def _check_object(params_type: type, value: Any, path: str) -> None:
    if not isinstance(value, dict):
        raise ParamRefused(f"Invalid object: {path} must be a hash of parameters.", path)
    known = _fields(params_type)
    for name in value:
        if name not in known:
            param = _join(path, name)
            raise ParamRefused(f"Received unknown parameter: {param}", param, "parameter_unknown")
    for name, (field_type, required) in known.items():
        if name in value:
            _check_value(field_type, value[name], _join(path, name))
        elif required:
            param = _join(path, name)
            raise ParamRefused(f"Missing required param: {param}.", param, "parameter_missing")


def _check_value(field_type: Any, value: Any, path: str) -> None:
    origin = get_origin(field_type)
    if origin in (Union, types.UnionType):
        _check_union(get_args(field_type), value, path)
    elif origin is Literal:
        _check_choice(get_args(field_type), value, path)
    elif value == "":
        _refuse_empty(path)
    elif is_typeddict(field_type):
        _check_object(field_type, value, path)
    elif origin is list:
        _check_list(get_args(field_type)[0], value, path)
    elif isinstance(origin, type) and issubclass(origin, dict):  # Dict[str, X], metadata
        _check_hash(get_args(field_type)[-1], value, path)
    elif field_type is Any:
        return
    else:
        _check_scalar(field_type, value, path)


def _check_union(members: tuple, value: Any, path: str) -> None:
    """`Literal['']|X` is an emptyable X; `Literal['a', 'b']|str` is a choice of a or b, the
    `|str` being the client's leeway for values a later API version adds; `X|int` takes
    whichever shape the value has."""
    literals = [member for member in members if get_origin(member) is Literal]
    choices = [choice for literal in literals for choice in get_args(literal)]
    if value == "":
        if "" in choices:
            return
        _refuse_empty(path)
    if value in choices:
        return
    others = [
        member
        for member in members
        if get_origin(member) is not Literal
        and member is not type(None)
        and not (member is str and any(choices))
    ]
    fitting = [member for member in others if _shape(member) == _shape_of(value)]
    if not fitting and any(choices):
        _check_choice([choice for choice in choices if choice], value, path)
    if not fitting:
        raise ParamRefused(f"Invalid value for {path}.", path)
    refusals = []
    for member in fitting:
        try:
            return _check_value(member, value, path)
        except ParamRefused as refusal:
            refusals.append(refusal)
    raise refusals[0]


def _check_choice(choices: tuple | list, value: Any, path: str) -> None:
    if value in choices:
        return
    listed = [str(choice) for choice in choices]
    if len(listed) > 1:
        listed = [", ".join(listed[:-1]) + ("," if len(listed) > 2 else ""), listed[-1]]
    raise ParamRefused(f"Invalid {path}: must be one of {' or '.join(listed)}", path)


def _check_list(item_type: Any, value: Any, path: str) -> None:
    if not isinstance(value, list):
        raise ParamRefused(f"Invalid array: {path}", path)
    for index, item in enumerate(value):
        _check_value(item_type, item, f"{path}[{index}]")


def _check_hash(value_type: Any, value: Any, path: str) -> None:
    if not isinstance(value, dict):
        raise ParamRefused(f"Invalid hash: {path}", path)
    for key, item in value.items():
        if item != "":  # an empty value unsets that key
            _check_value(value_type, item, f"{path}[{key}]")


# Form encoding sends every scalar as text; these are the texts Stripe reads as each type.
SCALARS: dict[type, tuple[str, str | None, str]] = {
    int: (r"-?\d+", "parameter_invalid_integer", "Invalid integer"),
    bool: (r"true|false", None, "Invalid boolean"),
    float: (r"-?(\d+\.?\d*|\.\d+)", None, "Invalid decimal"),
    Decimal: (r"-?(\d+\.?\d*|\.\d+)", None, "Invalid decimal"),
    str: (r".*", None, "Invalid string"),
}


def _check_scalar(scalar_type: Any, value: Any, path: str) -> None:
    if scalar_type not in SCALARS:
        raise TypeError(f"stripe_params cannot check {path} typed {scalar_type!r}")
    pattern, code, problem = SCALARS[scalar_type]
    if not isinstance(value, str) or not re.fullmatch(pattern, value, re.DOTALL):
        shown = value if isinstance(value, str) else f"a {type(value).__name__} at {path}"
        raise ParamRefused(f"{problem}: {shown}", path, code)


def _refuse_empty(path: str) -> None:
    raise ParamRefused(
        f"You passed an empty string for '{path}'. We assume empty values are an attempt to "
        f"unset a parameter; however '{path}' cannot be unset. You should remove '{path}' from "
        "your request or supply a non-empty value.",
        path,
        "parameter_invalid_empty",
    )


def _shape(member: Any) -> str:
    origin = get_origin(member)
    if is_typeddict(member) or (isinstance(origin, type) and issubclass(origin, dict)):
        return "hash"
    return "array" if origin is list else "text"


def _shape_of(value: Any) -> str:
    return "hash" if isinstance(value, dict) else "array" if isinstance(value, list) else "text"


def _join(path: str, name: str) -> str:
    return f"{path}[{name}]" if path else name
