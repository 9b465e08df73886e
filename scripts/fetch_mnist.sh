#!/usr/bin/env bash
# Download Keras' mnist.npz to $MNIST_NPZ (or $1) unless a good copy is there; for GitHub
# workflows, which reach the network. Offline machines point MNIST_NPZ at a shared copy instead.
set -euo pipefail
dest=${1:-${MNIST_NPZ:?set MNIST_NPZ or pass the destination path}}
url=https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz
sha256=731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1  # keras.datasets.mnist's file_hash

if [ -f "$dest" ] && echo "$sha256  $dest" | sha256sum --check --status; then
  echo "fetch_mnist: $dest is present"
  exit 0
fi
mkdir -p "$(dirname "$dest")"
tmp="$dest.part"
curl -fsSL --retry 5 --retry-delay 5 -o "$tmp" "$url"
echo "$sha256  $tmp" | sha256sum --check --status || { echo "fetch_mnist: checksum mismatch for $url" >&2; rm -f "$tmp"; exit 1; }
mv "$tmp" "$dest"
echo "fetch_mnist: $url -> $dest"
