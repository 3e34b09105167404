"""A JSON Schema for the NINJS 2.1 properties the API emits, written from the IPTC spec:
``specification/ninjs-schema_2.1.json`` in github.com/iptc/newsinjson ("IPTC ninjs - News
in JSON - version 2.1.1", https://www.iptc.org/std/ninjs/ninjs-schema_2.1.json, CC BY 4.0).

It follows the spec's types, its one required property (``uri``), its enumerations
(``type``, ``representationtype``, ``pubstatus``), the required ``value`` of headlines,
descriptions and bodies, the required ``name`` of renditions, the required ``name`` and
``uri`` of associations, ``rightsinfo``'s oneOf (linkedrights or encodedrights), and the
spec's closed objects (``additionalProperties``/``unevaluatedProperties`` false), so a
property the spec does not define fails validation. Properties we never emit are left out:
an item using one fails too, which is what we want until the schema is extended from the spec.
"""

_TEXT = {
    "type": "object",
    "required": ["value"],
    "additionalProperties": False,
    "properties": {
        "role": {"type": "string"},
        "contenttype": {"type": "string"},
        "value": {"type": "string"},
    },
}
_NAMED = {
    "name": {"type": "string"},
    "rel": {"type": "string"},
    "uri": {"type": "string", "format": "uri"},
    "literal": {"type": "string"},
}
_RENDITION = {
    "type": "object",
    "required": ["name"],
    "additionalProperties": False,
    "properties": {
        "name": {"type": "string"},
        "href": {"type": "string", "format": "uri"},
        "contenttype": {"type": "string"},
        "title": {"type": "string"},
        "height": {"type": "number"},
        "width": {"type": "number"},
    },
}
_DATETIME = {"type": "string", "format": "date-time"}

NINJS_TYPE = {
    "type": "object",
    "properties": {
        "uri": {"type": "string", "format": "uri"},
        "type": {
            "type": "string",
            "enum": ["text", "audio", "video", "picture", "graphic", "composite", "component"],
        },
        "representationtype": {"type": "string", "enum": ["full", "partial"]},
        "version": {"type": "string"},
        "firstcreated": _DATETIME,
        "versioncreated": _DATETIME,
        "pubstatus": {"type": "string", "enum": ["usable", "withheld", "canceled"]},
        "copyrightholder": {"type": "string"},
        "copyrightnotice": {"type": "string"},
        "usageterms": {"type": "string"},
        "language": {"type": "string"},
        "descriptions": {"type": "array", "items": _TEXT},
        "bodies": {"type": "array", "items": _TEXT},
        "headlines": {"type": "array", "items": _TEXT},
        "people": {
            "type": "array",
            "items": {"type": "object", "additionalProperties": False, "properties": _NAMED},
        },
        "organisations": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    **_NAMED,
                    "symbols": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "additionalProperties": False,
                            "properties": {
                                "ticker": {"type": "string"},
                                "exchange": {"type": "string"},
                            },
                        },
                    },
                },
            },
        },
        "subjects": {
            "type": "array",
            "items": {"type": "object", "additionalProperties": False, "properties": _NAMED},
        },
        "infosources": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "name": {"type": "string"},
                    "role": {"type": "string"},
                    "uri": {"type": "string", "format": "uri"},
                    "literal": {"type": "string"},
                },
            },
        },
        "by": {"type": "string"},
        "slugline": {"type": "string"},
        "located": {"type": "string"},
        "renditions": {"type": "array", "items": _RENDITION},
        "associations": {
            "type": "array",
            "items": {
                "type": "object",
                "$ref": "#/$defs/ninjsType",
                "properties": {"name": {"type": "string"}},
                "required": ["name", "uri"],
                "unevaluatedProperties": False,
            },
        },
        "altids": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "properties": {"role": {"type": "string"}, "value": {"type": "string"}},
            },
        },
        "standard": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "name": {"type": "string"},
                "version": {"type": "string"},
                "schema": {"type": "string", "format": "uri"},
            },
        },
        "rightsinfo": {
            "type": "object",
            "properties": {
                "langid": {"type": "string", "format": "uri"},
                "linkedrights": {"type": "string", "format": "uri"},
                "encodedrights": {"type": "string"},
            },
            "oneOf": [{"required": ["linkedrights"]}, {"required": ["encodedrights"]}],
        },
    },
}

NINJS_ITEM_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$defs": {"ninjsType": NINJS_TYPE},
    "$ref": "#/$defs/ninjsType",
    "required": ["uri"],
    "unevaluatedProperties": False,
}


def ninjs_validator():
    from jsonschema import Draft202012Validator

    return Draft202012Validator(
        NINJS_ITEM_SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER
    )
