def factorial(n):
    """n! for a non-negative integer."""
    if n < 0:
        raise ValueError("negative")
    result = 1
    for k in range(2, n + 1):
        result *= k
    return result
