// SPDX-License-Identifier: MIT
// Minimal ERC-20 for the EVM peer benchmark (bench/peers/evm.ts): balances, transfer with the
// same checks as the WES token template (amount > 0, sufficient balance), a Transfer event, and
// an owner-only mint so the benchmark can fund a sender. Compiled at bench time by solc-js.
pragma solidity ^0.8.20;

contract BenchToken {
    string public constant name = "Token";
    string public constant symbol = "TKN";
    uint8 public constant decimals = 0;
    uint256 public totalSupply;
    address public immutable owner;
    mapping(address => uint256) public balanceOf;

    event Transfer(address indexed from, address indexed to, uint256 amount);

    constructor() {
        owner = msg.sender;
    }

    function mint(address to, uint256 amount) external {
        require(msg.sender == owner, "unauthorized");
        require(amount > 0, "amount");
        totalSupply += amount;
        balanceOf[to] += amount;
        emit Transfer(address(0), to, amount);
    }

    function transfer(address to, uint256 amount) external returns (bool) {
        require(amount > 0, "amount");
        uint256 fromBalance = balanceOf[msg.sender];
        require(fromBalance >= amount, "insufficient balance");
        unchecked {
            balanceOf[msg.sender] = fromBalance - amount;
        }
        balanceOf[to] += amount;
        emit Transfer(msg.sender, to, amount);
        return true;
    }
}
