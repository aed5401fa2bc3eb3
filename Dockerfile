# infractl in an image with nothing else: no shell, no package manager, no base
# image to pull. Build it with scripts/build-image.sh, which installs infractl (and
# infractl-mcp, the server `infractl mcp` runs) into
# .build/image (binaries, man page, completions) and adds the glibc libraries
# they load (the Swift runtime and Foundation are linked into them).
#
#   docker run --rm -v "$PWD:/w" -w /w infractl validate
#   docker run --rm -v "$PWD:/w" -w /w -v /var/run/docker.sock:/var/run/docker.sock infractl diagnose
FROM scratch
COPY .build/image/ /
ENV PATH=/usr/local/bin
ENTRYPOINT ["/usr/local/bin/infractl"]
CMD ["--help"]
