/// What the Compose Specification defines: the keys of each section, and the values compose-go
/// casts after interpolation.
enum ComposeSchema {
    static let topLevelKeys: Set<String> = ["version", "name", "include", "services", "networks", "volumes", "secrets", "configs", "models"]

    static let serviceKeys: Set<String> = [
        "annotations", "attach", "blkio_config", "build", "cap_add", "cap_drop", "cgroup", "cgroup_parent", "command",
        "configs", "container_name", "cpu_count", "cpu_percent", "cpu_shares", "cpu_quota", "cpu_period", "cpu_rt_period",
        "cpu_rt_runtime", "cpus", "cpuset", "credential_spec", "depends_on", "deploy", "develop", "device_cgroup_rules",
        "devices", "dns", "dns_opt", "dns_search", "domainname", "entrypoint", "env_file", "label_file", "environment",
        "expose", "extends", "external_links", "extra_hosts", "gpus", "group_add", "healthcheck", "hostname", "image",
        "init", "ipc", "isolation", "labels", "links", "logging", "mac_address", "mem_limit", "mem_reservation",
        "mem_swappiness", "memswap_limit", "models", "network_mode", "networks", "oom_kill_disable", "oom_score_adj", "pid",
        "pids_limit", "platform", "ports", "post_start", "pre_stop", "privileged", "profiles", "provider", "pull_policy",
        "pull_refresh_after", "read_only", "restart", "runtime", "scale", "secrets", "security_opt", "shm_size",
        "stdin_open", "stop_grace_period", "stop_signal", "storage_opt", "sysctls", "tmpfs", "tty", "ulimits",
        "use_api_socket", "user", "userns_mode", "uts", "volumes", "volumes_from", "working_dir",
    ]

    static let buildKeys: Set<String> = [
        "context", "dockerfile", "dockerfile_inline", "entitlements", "args", "ssh", "labels", "cache_from", "cache_to",
        "no_cache", "no_cache_filter", "additional_contexts", "network", "provenance", "sbom", "pull", "target", "shm_size",
        "extra_hosts", "isolation", "privileged", "secrets", "tags", "ulimits", "platforms",
    ]
    static let portKeys: Set<String> = ["name", "mode", "host_ip", "target", "published", "protocol", "app_protocol"]
    static let serviceNetworkKeys: Set<String> = [
        "aliases", "interface_name", "ipv4_address", "ipv6_address", "link_local_ips", "mac_address", "driver_opts",
        "priority", "gw_priority",
    ]
    static let dependencyKeys: Set<String> = ["condition", "required", "restart"]
    static let healthcheckKeys: Set<String> = ["test", "interval", "timeout", "retries", "start_period", "start_interval", "disable"]
    static let volumeMountKeys: Set<String> = ["type", "source", "target", "read_only", "consistency", "bind", "volume", "tmpfs", "image"]
    static let envFileKeys: Set<String> = ["path", "required", "format"]
    static let extendsKeys: Set<String> = ["service", "file"]
    static let includeKeys: Set<String> = ["path", "env_file", "project_directory"]
    static let networkKeys: Set<String> = [
        "name", "driver", "driver_opts", "ipam", "external", "internal", "enable_ipv4", "enable_ipv6", "attachable", "labels",
    ]
    static let volumeKeys: Set<String> = ["name", "driver", "driver_opts", "external", "labels"]
    static let secretKeys: Set<String> = ["name", "environment", "file", "external", "labels", "driver", "driver_opts", "template_driver", "content"]

    /// What compose-go turns a string into after interpolation, by path pattern (service and
    /// resource names as `*`, list items as `[]`).
    enum Cast { case int, float, bool }

    static let casts: [String: Cast] = [
        "services.*.configs.[].mode": .int, "services.*.secrets.[].mode": .int,
        "services.*.cpu_count": .int, "services.*.cpu_percent": .float, "services.*.cpu_period": .int,
        "services.*.cpu_quota": .int, "services.*.cpu_rt_period": .int, "services.*.cpu_rt_runtime": .int,
        "services.*.cpus": .float, "services.*.cpu_shares": .int, "services.*.init": .bool,
        "services.*.deploy.replicas": .int, "services.*.deploy.update_config.parallelism": .int,
        "services.*.deploy.update_config.max_failure_ratio": .float, "services.*.deploy.rollback_config.parallelism": .int,
        "services.*.deploy.rollback_config.max_failure_ratio": .float, "services.*.deploy.restart_policy.max_attempts": .int,
        "services.*.deploy.placement.max_replicas_per_node": .int, "services.*.healthcheck.retries": .int,
        "services.*.healthcheck.disable": .bool, "services.*.oom_kill_disable": .bool, "services.*.oom_score_adj": .int,
        "services.*.pids_limit": .int, "services.*.ports.[].target": .int,
        "services.*.privileged": .bool, "services.*.read_only": .bool, "services.*.scale": .int,
        "services.*.stdin_open": .bool, "services.*.tty": .bool, "services.*.ulimits.*": .int,
        "services.*.ulimits.*.hard": .int, "services.*.ulimits.*.soft": .int, "services.*.volumes.[].read_only": .bool,
        "services.*.volumes.[].volume.nocopy": .bool, "services.*.depends_on.*.required": .bool,
        "services.*.depends_on.*.restart": .bool,
        "networks.*.external": .bool, "networks.*.internal": .bool, "networks.*.attachable": .bool,
        "networks.*.enable_ipv6": .bool, "networks.*.enable_ipv4": .bool, "volumes.*.external": .bool,
        "secrets.*.external": .bool, "configs.*.external": .bool,
    ]

    /// The last part of every pattern in `casts`.
    private static let castKeys: Set<String> = Set(casts.keys.compactMap { $0.split(separator: ".").last.map(String.init) })

    /// The cast of the value at `path`, if compose-go casts it. The last part of the path's
    /// pattern is asked first: nearly every value has none, and spelling the pattern costs more.
    static func cast(at path: [String]) -> Cast? {
        guard let last = path.last, castKeys.contains(patternPart(path, at: path.count - 1, last)) else { return nil }
        return casts[castPattern(path)]
    }

    /// `path` as a pattern for `casts`.
    static func castPattern(_ path: [String]) -> String {
        path.indices.map { patternPart(path, at: $0, path[$0]) }.joined(separator: ".")
    }

    /// Part `index` of the pattern of `path`, which reads `part`: a name where any name goes
    /// (a service, network… and a ulimit or a dependency of a service) is `*`.
    private static func patternPart(_ path: [String], at index: Int, _ part: String) -> String {
        if index == 1, ["services", "networks", "volumes", "secrets", "configs"].contains(path[0]) { return "*" }
        if index == 3, path[0] == "services", path[2] == "ulimits" || path[2] == "depends_on" { return "*" }
        return part
    }
}
