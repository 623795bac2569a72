"""sigma(1) and sigma'(1), the derivative page's worked example."""

from sigmoid_core import sigmoid, sigmoid_derivative

s = sigmoid(1.0)
slope = sigmoid_derivative(1.0)  # first derivative, computed without cancellation

# The identity sigma' = sigma * (1 - sigma) agrees with the direct evaluation:
assert abs(slope - s * (1 - s)) < 1e-16

print(f"sigma(1)  = {s:.4f}")
print(f"sigma'(1) = {slope:.4f}")
