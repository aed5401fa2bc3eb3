#!/usr/bin/env python3
"""Drives `infractl mcp` over stdio with the official Python MCP client (PyPI `mcp`).

Usage: mcp_client.py STEPS_JSON -- COMMAND [ARG...]

STEPS_JSON is a JSON array of steps run in order in one session:
  {"op": "list_tools"} | {"op": "call", "tool": NAME, "arguments": {...}}
  {"op": "list_resources"} | {"op": "read_resource", "uri": URI}
  {"op": "list_prompts"} | {"op": "get_prompt", "name": NAME, "arguments": {...}}
Prints one JSON object: {"protocol": VERSION, "server": NAME, "results": [one per step]}.
A step whose request fails records {"error": MESSAGE} and the session goes on.
Exits 3 when the `mcp` module is missing, so the caller can tell that apart.
"""

import asyncio
import json
import os
import sys

try:
    from mcp import ClientSession, StdioServerParameters
    from mcp.client.stdio import stdio_client
except ImportError as error:  # pragma: no cover - reported to the Swift test
    print(f"the Python package `mcp` is missing: {error}", file=sys.stderr)
    sys.exit(3)


def texts(contents):
    return [item.text for item in contents if getattr(item, "type", None) == "text"]


async def run_step(session, step):
    op = step["op"]
    if op == "list_tools":
        result = await session.list_tools()
        return {"tools": [
            {"name": tool.name, "description": tool.description, "input_schema": tool.input_schema,
             "read_only": tool.annotations.read_only_hint if tool.annotations else None,
             "destructive": tool.annotations.destructive_hint if tool.annotations else None,
             "idempotent": tool.annotations.idempotent_hint if tool.annotations else None}
            for tool in result.tools]}
    if op == "call":
        result = await session.call_tool(step["tool"], step.get("arguments", {}))
        return {"is_error": bool(result.is_error), "texts": texts(result.content),
                "structured": result.structured_content}
    if op == "list_resources":
        result = await session.list_resources()
        return {"resources": [{"uri": str(r.uri), "name": r.name, "mime_type": r.mime_type} for r in result.resources]}
    if op == "read_resource":
        result = await session.read_resource(step["uri"])
        return {"contents": [{"uri": str(c.uri), "text": getattr(c, "text", None)} for c in result.contents]}
    if op == "list_prompts":
        result = await session.list_prompts()
        return {"prompts": [
            {"name": p.name, "arguments": [{"name": a.name, "required": bool(a.required)} for a in (p.arguments or [])]}
            for p in result.prompts]}
    if op == "get_prompt":
        result = await session.get_prompt(step["name"], step.get("arguments", {}))
        return {"messages": [{"role": m.role, "text": getattr(m.content, "text", None)} for m in result.messages]}
    raise ValueError(f"unknown op {op}")


async def main(steps, command):
    # The whole environment, so DOCKER_HOST reaches the server as it reaches the CLI.
    params = StdioServerParameters(command=command[0], args=command[1:], env=dict(os.environ))
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            init = await session.initialize()
            results = []
            for step in steps:
                try:
                    results.append(await run_step(session, step))
                except Exception as error:  # a JSON-RPC error answer
                    results.append({"error": str(error)})
            return {"protocol": str(init.protocol_version), "server": init.server_info.name, "results": results}


if __name__ == "__main__":
    separator = sys.argv.index("--")
    output = asyncio.run(main(json.loads(sys.argv[1]), sys.argv[separator + 1:]))
    print(json.dumps(output))
