# infractl in an image with nothing else: no shell, no package manager, no base
# image to pull. Build it with scripts/build-image.sh, which installs infractl into
# .build/image (binary, man page, completions) and adds the few glibc libraries
# the binary loads (the Swift runtime and Foundation are linked into it).
#
#   docker run --rm -v "$PWD:/w" -w /w infractl validate
#   docker run --rm -v "$PWD:/w" -w /w -v /var/run/docker.sock:/var/run/docker.sock infractl diagnose
FROM scratch
COPY .build/image/ /
ENV PATH=/usr/local/bin
ENTRYPOINT ["/usr/local/bin/infractl"]
CMD ["--help"]
