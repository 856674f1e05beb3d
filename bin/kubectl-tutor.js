#!/usr/bin/env node
// `kubectl tutor …`: kubectl runs plugins named kubectl-<name> found on PATH.
import './k8s-tutor.js';
