#!/usr/bin/env python3
"""Write a workspace for the diagnose benchmark: one app with SERVICES busybox services in one
compose project, FAILING of them exiting at start with a log line, the others running and
publishing one host port each.

    generate-diagnose-workspace.py DIR --services 50 --failing 5 --base-port 41000 --prefix bench
"""
import argparse
import os

IMAGE = "infractl-test/busybox:latest"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dir")
    parser.add_argument("--services", type=int, default=50)
    parser.add_argument("--failing", type=int, default=5)
    parser.add_argument("--base-port", type=int, default=41000)
    parser.add_argument("--prefix", default="bench")
    args = parser.parse_args()

    names = [f"{args.prefix}-svc{i:03d}" for i in range(args.services)]
    failing = set(names[: args.failing])
    registry = [
        "version: 1",
        "platform: BENCH",
        "apps:",
        f"  bench: {{ ports: {args.base_port}-{args.base_port + 999} }}",
        "port_registry:",
        "  allocated:",
    ]
    services = ["services:", "  bench:", "    dev:"]
    compose = [f"name: {args.prefix}", "services:"]
    for index, name in enumerate(names):
        port = args.base_port + index
        key = f"svc{index:03d}"
        registry.append(f"    {port}: {{ service: {name}, app: bench, type: worker, internal_port: 80 }}")
        services.append(
            f"      - {{ name: {name}, type: worker, ports: [{port}], networks: [default], "
            f"compose_file: apps/bench/docker-compose.yml }}")
        if name in failing:
            command = (f'["sh", "-c", "echo \'Error: connect ECONNREFUSED 127.0.0.1:5432\' >&2; exit 1"]')
        else:
            command = '["httpd", "-f", "-p", "80"]'
        compose += [
            f"  {key}:",
            f"    container_name: {name}",
            f"    image: {IMAGE}",
            "    init: true",
            f"    command: {command}",
            f'    ports: ["{port}:80"]',
        ]
    os.makedirs(os.path.join(args.dir, ".dev/infra"), exist_ok=True)
    os.makedirs(os.path.join(args.dir, "apps/bench"), exist_ok=True)
    with open(os.path.join(args.dir, ".dev/infra/registry.yml"), "w") as f:
        f.write("\n".join(registry + services) + "\n")
    with open(os.path.join(args.dir, "apps/bench/docker-compose.yml"), "w") as f:
        f.write("\n".join(compose) + "\n")


if __name__ == "__main__":
    main()
