#!/usr/bin/env python3
"""Generate a large, valid infractl workspace for benchmarks.

    generate-workspace.py OUT_DIR [--apps 100] [--services 10] [--date 2026-11-29] [--force]

The workspace follows the conventions of the bundled AXIOM example (Examples/axiom):

- app `forge` (ports 3000-3999): forge-postgres and forge-redis on the external, shared
  network forge-network, published on 127.0.0.1 only, with health checks;
- apps app001..appNNN: app i owns host ports 10000+100*i .. 10000+100*i+99 and has one compose
  file apps/appNNN/docker-compose.dev.yml (project name appNNN) with M services on
  [default, forge-network]. Service 0 is an api, the last one (M >= 2) a frontend, the rest
  alternate worker / api. Apis and the frontend publish one port each, allocated in the
  registry; every service has a health check; apis and workers depend on forge-postgres and
  forge-redis (other project: no depends_on), the frontend depends on the app's first api
  (same project: depends_on with condition service_healthy);
- connection URLs use service names and internal ports, secrets are `${VAR}` references
  defined in each project's .env;
- .dev/infra/infrastructure.md has the service inventory, .dev/infra/CHANGELOG.md one entry.

The output is a function of the arguments only (no clock, no randomness), so two runs give
identical trees. Validating it with `infractl validate` must give no findings.
"""
import argparse
import os
import shutil
import sys

FORGE_RANGE = (3000, 3999)
APP_BASE = 10000
APP_STEP = 100
STARTUP_ORDER = """\
startup_order:
  - { tier: 1, name: Data stores,     types: [database, cache] }
  - { tier: 2, name: Logs and search, types: [logging, search] }
  - { tier: 3, name: Observability,   types: [monitoring, log-shipper] }
  - { tier: 4, name: Reverse proxy,   types: [proxy] }
  - { tier: 5, name: Backends,        types: [api, worker] }
  - { tier: 6, name: Frontends,       types: [frontend] }
"""
RULES = """\
rules:
  critical_types: [database, cache, api]
  shared_apps: [forge]
  disabled: []
  severity: {}
"""
INTERNAL_PORT = {"api": 8000, "frontend": 3000}


class Service:
    def __init__(self, name, app, type_, image, compose_file, ports=(), internal_port=None,
                 networks=("forge-network",), dependencies=(), environment=(), health=None,
                 description=""):
        self.name = name
        self.app = app
        self.type = type_
        self.image = image
        self.compose_file = compose_file
        self.ports = list(ports)
        self.internal_port = internal_port
        self.networks = list(networks)
        self.dependencies = list(dependencies)
        self.environment = list(environment)
        self.health = health
        self.description = description


def flow(items):
    return "[" + ", ".join(str(item) for item in items) + "]"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)


# --------------------------------------------------------------------------- FORGE

FORGE_COMPOSE = """\
# FORGE: shared data stores of the benchmark platform.
name: forge

services:
  forge-postgres:
    image: postgres:16-alpine
    container_name: forge-postgres
    restart: unless-stopped
    environment:
      POSTGRES_USER: ${POSTGRES_USER:-bench}
      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}
      POSTGRES_DB: ${POSTGRES_DB:-bench}
    ports:
      - "127.0.0.1:3432:5432"
    volumes:
      - postgres-data:/var/lib/postgresql/data
    networks:
      - forge-network
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -U $${POSTGRES_USER} -d $${POSTGRES_DB}"]
      interval: 10s
      timeout: 5s
      retries: 5

  forge-redis:
    image: redis:7-alpine
    container_name: forge-redis
    restart: unless-stopped
    ports:
      - "127.0.0.1:3379:6379"
    volumes:
      - redis-data:/data
    networks:
      - forge-network
    healthcheck:
      test: ["CMD", "redis-cli", "ping"]
      interval: 10s
      timeout: 3s
      retries: 5

networks:
  forge-network:
    external: true

volumes:
  postgres-data:
  redis-data:
"""

FORGE_ENV = """\
# Development values for forge/docker-compose.yml.
POSTGRES_USER=bench
POSTGRES_PASSWORD=bench-dev-password
POSTGRES_DB=bench
"""


def forge_services():
    compose = "forge/docker-compose.yml"
    return [
        Service("forge-postgres", "forge", "database", "postgres:16-alpine", compose,
                ports=[3432], internal_port=5432,
                environment=["POSTGRES_USER", "POSTGRES_PASSWORD", "POSTGRES_DB"],
                health="{ probe: postgres }", description="PostgreSQL for all applications"),
        Service("forge-redis", "forge", "cache", "redis:7-alpine", compose,
                ports=[3379], internal_port=6379,
                health="{ probe: redis }", description="Redis for all applications"),
    ]


# --------------------------------------------------------------------------- apps

def app_name(index, width):
    return "app%0*d" % (width, index)


def app_range(index):
    start = APP_BASE + APP_STEP * index
    return start, start + APP_STEP - 1


def service_type(position, count):
    if position == 0:
        return "api"
    if count >= 2 and position == count - 1:
        return "frontend"
    return "worker" if position % 2 == 1 else "api"


def app_services(app, index, count):
    compose = f"apps/{app}/docker-compose.dev.yml"
    start, _ = app_range(index)
    services = []
    first_api = f"{app}-api00"
    for position in range(count):
        type_ = service_type(position, count)
        name = f"{app}-{type_}{position:02d}"
        image = f"bench/{app}-{type_}:dev"
        database = position % 16
        if type_ == "api":
            services.append(Service(
                name, app, "api", image, compose,
                ports=[start + position], internal_port=INTERNAL_PORT["api"],
                networks=["default", "forge-network"],
                dependencies=["forge-postgres", "forge-redis"],
                environment=["DATABASE_URL", "REDIS_URL", "API_TOKEN"],
                health="{ probe: http, path: /health }",
                description=f"{app.upper()} API {position}"))
        elif type_ == "worker":
            services.append(Service(
                name, app, "worker", image, compose,
                networks=["default", "forge-network"],
                dependencies=["forge-postgres", "forge-redis"],
                environment=["DATABASE_URL", "REDIS_URL"],
                health="{ probe: docker }",
                description=f"{app.upper()} background worker {position}"))
        else:
            services.append(Service(
                name, app, "frontend", image, compose,
                ports=[start + position], internal_port=INTERNAL_PORT["frontend"],
                networks=["default", "forge-network"],
                dependencies=[first_api],
                environment=["API_URL"],
                health="{ probe: http, path: / }",
                description=f"{app.upper()} web frontend"))
        services[-1].redis_db = database
    return services


def app_compose(app, services):
    upper = app.upper()
    lines = [
        f"# {upper}: generated benchmark application (development).",
        f"#   docker compose -f apps/{app}/docker-compose.dev.yml up -d",
        f"name: {app}",
        "",
        "services:",
    ]
    for svc in services:
        lines += [
            f"  {svc.name}:",
            f"    image: {svc.image}",
            f"    container_name: {svc.name}",
            "    restart: unless-stopped",
            "    environment:",
        ]
        if svc.type in ("api", "worker"):
            lines += [
                f"      DATABASE_URL: postgresql://bench:${{POSTGRES_PASSWORD}}@forge-postgres:5432/{app}",
                f"      REDIS_URL: redis://forge-redis:6379/{svc.redis_db}",
            ]
            if svc.type == "api":
                lines.append(f"      API_TOKEN: ${{{upper}_API_TOKEN}}")
            lines.append("      LOG_LEVEL: ${LOG_LEVEL:-info}")
        else:
            lines += [
                f"      API_URL: http://{svc.dependencies[0]}:{INTERNAL_PORT['api']}",
                "      NODE_ENV: ${NODE_ENV:-development}",
            ]
        if svc.ports:
            lines += ["    ports:", f'      - "{svc.ports[0]}:{svc.internal_port}"']
        lines += ["    networks:"] + [f"      - {net}" for net in svc.networks]
        local = [dep for dep in svc.dependencies if dep.startswith(app + "-")]
        if local:
            lines.append("    depends_on:")
            for dep in local:
                lines += [f"      {dep}:", "        condition: service_healthy"]
        if svc.type == "api":
            test = f'["CMD", "curl", "-fsS", "http://localhost:{svc.internal_port}/health"]'
        elif svc.type == "frontend":
            test = f'["CMD-SHELL", "wget -q --spider http://localhost:{svc.internal_port}/ || exit 1"]'
        else:
            test = '["CMD", "worker", "--ping"]'
        lines += [
            "    healthcheck:",
            f"      test: {test}",
            "      interval: 10s",
            "      timeout: 5s",
            "      retries: 5",
            "",
        ]
    lines += ["networks:", "  forge-network:", "    external: true", ""]
    return "\n".join(lines)


def app_env(app):
    return (f"# Development values for apps/{app}/docker-compose.dev.yml.\n"
            "POSTGRES_PASSWORD=bench-dev-password\n"
            f"{app.upper()}_API_TOKEN={app}-dev-token\n")


# --------------------------------------------------------------------------- registry and docs

def registry_text(apps, services):
    out = [
        "# Benchmark workspace registry, generated by benchmarks/generate-workspace.py.",
        "version: 1",
        "platform: BENCH",
        "",
        "apps:",
        f"  forge: {{ ports: {FORGE_RANGE[0]}-{FORGE_RANGE[1]}, description: Shared infrastructure }}",
    ]
    for app, index in apps:
        start, end = app_range(index)
        out.append(f"  {app}: {{ ports: {start}-{end}, description: Generated application {index} }}")
    out += [
        "",
        "networks:",
        "  forge-network:",
        "    external: true",
        "    shared: true",
        "    description: Shared network for FORGE infrastructure",
        "",
        "port_registry:",
        "  system_port_services: []",
        "  allocated:",
    ]
    allocations = sorted((port, svc) for svc in services for port in svc.ports)
    for port, svc in allocations:
        protocol = "tcp" if svc.type in ("database", "cache") else "http"
        out += [
            f"    {port}:",
            f"      service: {svc.name}",
            f"      app: {svc.app}",
            f"      type: {svc.type}",
            f"      internal_port: {svc.internal_port}",
            f"      protocol: {protocol}",
            f"      description: {svc.description}",
            f"      networks: {flow(svc.networks)}",
        ]
    out += ["", "services:"]
    current_app = None
    for svc in services:
        if svc.app != current_app:
            current_app = svc.app
            out += [f"  {svc.app}:", "    dev:"]
        out += [
            f"      - name: {svc.name}",
            f"        image: {svc.image}",
            f"        type: {svc.type}",
        ]
        if svc.ports:
            out.append(f"        ports: {flow(svc.ports)}")
        out += [
            f"        networks: {flow(svc.networks)}",
            f"        dependencies: {flow(svc.dependencies)}",
            f"        compose_file: {svc.compose_file}",
        ]
        if svc.environment:
            out.append(f"        environment: {flow(svc.environment)}")
        if svc.health:
            out.append(f"        health: {svc.health}")
    out.append("")
    return "\n".join(out) + "\n" + STARTUP_ORDER + "\n" + RULES


def infrastructure_text(services, app_count, per_app):
    out = [
        "# BENCH Infrastructure",
        "",
        f"Generated benchmark platform: FORGE (PostgreSQL, Redis) and {app_count} applications of "
        f"{per_app} services each. The registry `.dev/infra/registry.yml` is the source of truth.",
        "",
        "## Service Inventory",
        "",
        "| Service | App | Type | Ports | Networks | Compose file | Description |",
        "|---|---|---|---|---|---|---|",
    ]
    for svc in services:
        ports = ", ".join(str(port) for port in svc.ports) or "—"
        out.append(f"| {svc.name} | {svc.app} | {svc.type} | {ports} | {', '.join(svc.networks)} "
                   f"| {svc.compose_file} | {svc.description} |")
    out += [
        "",
        "## Troubleshooting",
        "",
        "Run `infractl validate`, then `infractl diagnose SERVICE` for a service that misbehaves.",
        "",
    ]
    return "\n".join(out)


def changelog_text(date, app_count, per_app):
    return ("# Changelog\n\n"
            "All notable changes to the BENCH infrastructure are documented in this file.\n\n"
            f"## {date}\n\n"
            "### Added\n"
            "- FORGE data stores: forge-postgres (3432) and forge-redis (3379).\n"
            f"- {app_count} generated applications with {per_app} services each.\n")


# --------------------------------------------------------------------------- main

def generate(out_dir, app_count, per_app, date):
    width = max(3, len(str(app_count)))
    apps = [(app_name(index, width), index) for index in range(1, app_count + 1)]
    services = forge_services()

    write(os.path.join(out_dir, "forge/docker-compose.yml"), FORGE_COMPOSE)
    write(os.path.join(out_dir, "forge/.env"), FORGE_ENV)
    for app, index in apps:
        app_svcs = app_services(app, index, per_app)
        services += app_svcs
        write(os.path.join(out_dir, f"apps/{app}/docker-compose.dev.yml"), app_compose(app, app_svcs))
        write(os.path.join(out_dir, f"apps/{app}/.env"), app_env(app))

    infra = os.path.join(out_dir, ".dev/infra")
    write(os.path.join(infra, "registry.yml"), registry_text(apps, services))
    write(os.path.join(infra, "infrastructure.md"), infrastructure_text(services, app_count, per_app))
    write(os.path.join(infra, "CHANGELOG.md"), changelog_text(date, app_count, per_app))
    return len(services), sum(len(svc.ports) for svc in services)


def main():
    parser = argparse.ArgumentParser(description="Generate a large valid infractl workspace.")
    parser.add_argument("out_dir", metavar="OUT_DIR", help="folder to write (created if missing)")
    parser.add_argument("--apps", type=int, default=100, help="number of applications (default 100)")
    parser.add_argument("--services", type=int, default=10,
                        help="services per application, 1-100 (default 10)")
    parser.add_argument("--date", default="2026-11-29", help="date of the CHANGELOG entry")
    parser.add_argument("--force", action="store_true", help="replace OUT_DIR if it is not empty")
    args = parser.parse_args()

    if args.apps < 1 or not 1 <= args.services <= APP_STEP:
        parser.error(f"--apps must be >= 1 and --services between 1 and {APP_STEP}")
    if app_range(args.apps)[1] > 65535:
        max_apps = (65535 - APP_BASE - APP_STEP + 1) // APP_STEP
        parser.error(f"at most {max_apps} apps fit below port 65536")
    if os.path.isdir(args.out_dir) and os.listdir(args.out_dir):
        if not args.force:
            parser.error(f"{args.out_dir} is not empty (use --force to replace it)")
        if not os.path.isfile(os.path.join(args.out_dir, ".dev/infra/registry.yml")):
            parser.error(f"{args.out_dir} is not a workspace; refusing to replace it")
        shutil.rmtree(args.out_dir)

    service_count, port_count = generate(args.out_dir, args.apps, args.services, args.date)
    print(f"wrote {args.out_dir}: {args.apps} apps, {service_count} services, "
          f"{port_count} allocated ports", file=sys.stderr)


if __name__ == "__main__":
    main()
