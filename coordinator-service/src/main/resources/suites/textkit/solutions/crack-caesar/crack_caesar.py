from caesar import caesar


def crack_caesar(cipher, word):
    """The shift that reveals word in the plain text, or None."""
    for shift in range(26):
        if word in caesar(cipher, -shift):
            return shift
    return None
