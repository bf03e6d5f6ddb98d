#!/usr/bin/env python3
"""The C++ SDK's public surface, one line per declaration, from clang's JSON AST.

Reads two files: `clang++ -fsyntax-only -Xclang -ast-dump=json -Xclang -ast-dump-filter=llmhost`
output (a sequence of JSON objects; those for `namespace llmhost` are read, the rest ignored)
and `clang++ -dM -E` output (for the LLMH_ macros), and prints sorted, unique lines such as

    record llmhost::ChatRequest struct
    field llmhost::ChatRequest #3 tools : std::vector<ToolDefinition>
    method llmhost::Host::env std::string (std::string_view) const
    function llmhost::classify_http_status int (int)
    enumerator llmhost::Role #1 user
    macro LLMH_PLUGIN(_, _, _)

Private members, implicit declarations and namespaces named `detail` or `*_detail` are not the
public surface and are left out. Fields and enumerators carry their position among the public
ones, so inserting before the end or reordering changes a line while appending only adds one.
"""
import json
import re
import sys

STRIP = ("inline ", "constexpr ")


def typ(node):
    return node.get("type", {}).get("qualType", "")


def private_namespace(name):
    return name == "detail" or name.endswith("_detail")


class Surface:
    def __init__(self):
        self.lines = set()

    def add(self, *parts):
        self.lines.add(" ".join(p for p in parts if p))

    def decls(self, nodes, scope, record_kind=None):
        access = "private" if record_kind == "class" else "public"
        field_index = 0
        for node in nodes or []:
            kind = node.get("kind", "")
            if kind == "AccessSpecDecl":
                access = node.get("access", access)
                continue
            if node.get("isImplicit"):
                continue
            if record_kind is not None and node.get("access", access) == "private":
                continue
            member_access = "protected" if record_kind is not None and node.get("access", access) == "protected" else ""
            if kind == "FieldDecl":
                self.add("field", scope, "#%d" % field_index, member_access, node.get("name", ""), ":", typ(node))
                field_index += 1
            else:
                self.decl(node, scope, member_access, in_record=record_kind is not None)

    def decl(self, node, scope, member_access="", in_record=False, template=""):
        kind = node.get("kind", "")
        name = node.get("name", "")
        qual = scope + "::" + name if name else scope
        if kind == "NamespaceDecl":
            if not private_namespace(name):
                self.decls(node.get("inner"), qual)
        elif kind == "CXXRecordDecl":
            if not node.get("completeDefinition") or not name:
                return
            tag = node.get("tagUsed", "")
            bases = ", ".join(
                "%s %s%s" % (b.get("access", ""), "virtual " if b.get("isVirtual") else "", b.get("type", {}).get("qualType", ""))
                for b in node.get("bases", []))
            self.add(template + "record", qual, member_access, tag, (": " + bases) if bases else "")
            self.decls(node.get("inner"), qual, record_kind=tag)
        elif kind in ("ClassTemplateDecl", "FunctionTemplateDecl"):
            params = [p for p in node.get("inner", []) if p.get("kind", "").startswith(("TemplateTypeParm", "NonTypeTemplateParm", "TemplateTemplateParm"))]
            sig = "template<%s>" % ", ".join(
                (typ(p) if p.get("kind") == "NonTypeTemplateParmDecl" else p.get("tagUsed", "class"))
                + ("..." if p.get("isParameterPack") else "") for p in params)
            for inner in node.get("inner", []):
                if inner.get("kind") in ("CXXRecordDecl", "FunctionDecl", "CXXMethodDecl", "CXXConstructorDecl") and inner.get("name") == name:
                    self.decl(inner, scope, member_access, in_record, template=sig + " ")
                    break
        elif kind in ("FunctionDecl", "CXXMethodDecl", "CXXConstructorDecl", "CXXDestructorDecl", "CXXConversionDecl"):
            what = "method" if in_record or kind != "FunctionDecl" else "function"
            flags = []
            if node.get("storageClass") == "static":
                flags.append("static")
            if node.get("virtual"):
                flags.append("virtual")
            if node.get("pure"):
                flags.append("pure")
            if node.get("explicitlyDeleted"):
                flags.append("deleted")
            if node.get("explicitlyDefaulted"):
                flags.append("defaulted")
            if node.get("explicit"):
                flags.append("explicit")
            self.add(template + what, qual, member_access, " ".join(flags), typ(node))
        elif kind == "EnumDecl":
            fixed = node.get("fixedUnderlyingType", {}).get("qualType", "")
            self.add("enum", qual, member_access, node.get("scopedEnumTag", ""), (": " + fixed) if fixed else "")
            index = 0
            for e in node.get("inner", []):
                if e.get("kind") == "EnumConstantDecl":
                    self.add("enumerator", qual, "#%d" % index, e.get("name", ""), "=" if value(e) else "", value(e))
                    index += 1
        elif kind in ("TypedefDecl", "TypeAliasDecl"):
            self.add("alias", qual, member_access, "=", typ(node))
        elif kind == "VarDecl":
            flags = "constexpr" if node.get("constexpr") else ""
            self.add("variable", qual, member_access, flags, ":", typ(node))
        # static_asserts, using-directives and the like are not names a plugin uses.


def value(enumerator):
    """An enumerator's explicit value as written (an integer literal), or ''."""
    stack = list(enumerator.get("inner", []))
    while stack:
        n = stack.pop(0)
        if "value" in n and n.get("kind") in ("ConstantExpr", "IntegerLiteral"):
            return str(n["value"])
        stack.extend(n.get("inner", []))
    return ""


def macros(text):
    """`macro NAME` or `macro NAME(_, _, ...)` for each LLMH_ macro in `clang -dM -E`
    output: a macro's name and arity are what a plugin writes, its parameters' names are not."""
    lines = set()
    for line in text.splitlines():
        m = re.match(r"#define (LLMH_\w*)(\(([^)]*)\))?", line)
        if m:
            params = m.group(3)
            arity = "" if m.group(2) is None else "(%s)" % ", ".join(
                "..." if q.strip() == "..." else "_" for q in params.split(",") if q.strip())
            lines.add("macro " + m.group(1) + arity)
    return lines


def main():
    """sdk_surface.py AST_JSON MACROS: the AST dump and the `-dM -E` output, both files."""
    ast_file, macros_file = sys.argv[1:3]
    with open(ast_file) as f:
        text = f.read()
    decoder = json.JSONDecoder()
    surface = Surface()
    i = 0
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            break
        node, i = decoder.raw_decode(text, i)
        if node.get("kind") == "NamespaceDecl" and node.get("name") == "llmhost":
            surface.decls(node.get("inner"), "llmhost")
    with open(macros_file) as f:
        lines = surface.lines | macros(f.read())
    for line in sorted(lines):
        print(line)

if __name__ == "__main__":
    main()
