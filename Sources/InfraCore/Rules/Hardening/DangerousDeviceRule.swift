/// SEC014: a service maps no host disk or kernel device into its container.
public struct DangerousDeviceRule: Rule {
    public static let description = RuleDescription(
        id: "SEC014", name: "dangerous-device",
        summary: "A service must not map host disks or kernel devices into its container",
        message: "{service} maps the host device {device}",
        rationale: """
            A device in `devices` is read and written directly, whatever the container's \
            capabilities: a disk (`/dev/sda`, `/dev/nvme0n1`, `/dev/vda`, `/dev/mmcblk0`, RAID, \
            device-mapper, loop, ZFS or Ceph devices) gives its whole file system, the memory \
            devices (`/dev/mem`, `/dev/kmem`, `/dev/port`) the kernel's memory, `/dev/kmsg` the \
            kernel log, and `/dev` every device at once. Remove the device; if the service only \
            needs the data on a disk, mount the file system (a folder) instead. Specific \
            hardware such as `/dev/ttyUSB0` or `/dev/dri` is not reported.
            """,
        severity: .error, category: .security, equivalents: ["compose-lint CL-0016", "CIS 5.17"], scope: .audit,
        nonTriggeringExamples: [
            RuleExample(HardeningExamples.workspace("""
                services:
                  worker:
                    container_name: nexus-worker
                    image: axiom/nexus:1.4.0
                    devices:
                      - /dev/ttyUSB0:/dev/ttyUSB0
                      - /dev/dri:/dev/dri
                """)),
        ],
        triggeringExamples: [
            RuleExample(HardeningExamples.workspace("""
                services:
                  worker:
                    container_name: nexus-worker
                    image: axiom/nexus:1.4.0
                    devices:
                      - 1️⃣/dev/sda:/dev/xvda:rwm
                      - 2️⃣"/dev/nvme0n1"
                      - 3️⃣source: /dev/mem
                        target: /dev/mem
                        permissions: r
                """)),
        ])

    /// Prefixes of device paths that reach a disk or the kernel.
    static let prefixes = [
        "/dev/sd", "/dev/nvme", "/dev/vd", "/dev/xvd", "/dev/hd", "/dev/mmcblk", "/dev/md", "/dev/disk/", "/dev/block/",
        "/dev/loop", "/dev/dm-", "/dev/mapper/", "/dev/rbd", "/dev/zd", "/dev/zvol/", "/dev/nbd", "/dev/mtdblock",
    ]
    /// Devices reported by their exact path.
    static let exact: Set<String> = ["/dev", "/dev/mem", "/dev/kmem", "/dev/port", "/dev/kmsg", "/dev/zfs"]

    public init() {}

    public func validate(_ context: ValidationContext) -> [Finding] {
        HardenedService.all(in: context).flatMap { service in
            service.hardening.devices.compactMap { device -> Finding? in
                let path = SensitiveHostPathRule.normalized(device.value)
                guard Self.exact.contains(path) || Self.prefixes.contains(where: path.hasPrefix) else { return nil }
                return service.finding(
                    Self.description, "\(service.name) maps the host device \(path).", at: device.location,
                    evidence: ["devices: \(device.value)"],
                    fix: Fix(
                        file: device.location.file, line: device.location.line,
                        explanation: "Remove the device; mount the file system the service needs as a folder instead."))
            }
        }
    }
}
